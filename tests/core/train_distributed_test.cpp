// Data-parallel training (core/train/distributed.h): ranks meet, hold the same weights at every
// step, match one process on the same global batch, resume at any world size, and fail cleanly.
// Two ranks run as two threads of this process (Gloo over loopback, meeting through a file) or, for
// the CLI, as two processes started by `latent train --nproc 2`.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "core/train/checkpoint.h"
#include "core/train/dataset.h"
#include "core/train/prefetcher.h"
#include "core/train/distributed.h"
#include "core/train/runfolder.h"
#include "core/train/trainer.h"
#include "core/train/trainingsession.h"
#include "tests/core/testutil.h"
#include "tests/core/train_testutil.h"

namespace {

using namespace latent;

// Each rank's communicator, connected concurrently (connectWorld waits for the others).
std::vector<std::shared_ptr<train::Communicator>> connectRanks(int n, const std::string& store) {
    std::vector<std::shared_ptr<train::Communicator>> comms(static_cast<std::size_t>(n));
    std::vector<std::thread> threads;
    std::vector<std::string> errors(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
        threads.emplace_back([&, r] {
            train::World w;
            w.rank = r;
            w.size = n;
            w.storeFile = store;
            w.timeoutSeconds = 30;
            auto c = train::connectWorld(w);
            if (c) {
                comms[static_cast<std::size_t>(r)] = *c;
            } else {
                errors[static_cast<std::size_t>(r)] = c.error();
            }
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) EXPECT_EQ(e, "");
    return comms;
}

// Runs `config` on the given ranks (one thread each, one Trainer each) to its end.
void runRanks(const train::TrainConfig& config,
              const std::vector<std::shared_ptr<train::Communicator>>& comms) {
    std::vector<std::unique_ptr<train::Trainer>> trainers;
    for (const auto& comm : comms) trainers.push_back(std::make_unique<train::Trainer>(config, train::Trainer::Callbacks{}, comm));
    for (auto& t : trainers) t->start();
    for (auto& t : trainers) t->wait();
    for (auto& t : trainers) ASSERT_EQ(t->state(), train::TrainerState::Finished) << t->error();
}

std::map<std::string, torch::Tensor> weights(const std::string& checkpoint) {
    auto c = train::readCheckpoint(checkpoint);
    EXPECT_TRUE(c.ok()) << c.error();
    return c ? c->tensors : std::map<std::string, torch::Tensor>{};
}

double largestDifference(const std::string& a, const std::string& b) {
    const auto wa = weights(a), wb = weights(b);
    EXPECT_EQ(wa.size(), wb.size());
    double most = 0;
    for (const auto& [name, t] : wa) {
        if (!wb.count(name) || !t.is_floating_point()) continue;
        most = std::max(most, (t.to(torch::kDouble) - wb.at(name).to(torch::kDouble)).abs().max().item<double>());
    }
    return most;
}

train::TrainConfig toy(const std::string& runDir) {
    auto c = test::tinyToyConfig(runDir);
    c.batch = 32;
    c.steps = 12;
    c.logEvery = 4;
    return c;
}

// Pretends to be rank r of n but never talks to the others: the negative control.
class DeafCommunicator : public train::Communicator {
public:
    DeafCommunicator(int rank, int size) : m_rank(rank), m_size(size) {}
    int rank() const override { return m_rank; }
    int size() const override { return m_size; }
    void broadcast(const std::vector<torch::Tensor>&, int) override {}
    void allreduceSum(const std::vector<torch::Tensor>&) override {}
    void barrier() override {}

private:
    int m_rank, m_size;
};

// Steps one session per rank side by side (rank r on configs[r]) and returns each one's weights.
std::vector<torch::Tensor> stepTogether(const std::vector<train::TrainConfig>& configs,
                                             std::vector<std::shared_ptr<train::Communicator>> comms,
                                             int steps) {
    std::vector<torch::Tensor> points(comms.size());
    std::vector<std::thread> threads;
    std::vector<std::string> errors(comms.size());
    for (std::size_t r = 0; r < comms.size(); ++r) {
        threads.emplace_back([&, r] {
            auto session = train::TrainingSession::create(configs[r], comms[r]);
            if (!session) {
                errors[r] = session.error();
                return;
            }
            for (int i = 0; i < steps; ++i) {
                if (auto s = (*session)->step(); !s) {
                    errors[r] = s.error();
                    return;
                }
            }
            points[r] = (*session)->flatWeights();
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) EXPECT_EQ(e, "");
    return points;
}

TEST(TrainDistributed, RanksHoldTheSameWeightsAndADeafRankDoesNot) {
    ASSERT_TRUE(train::distributedAvailable());
    test::TempDir dir;
    const auto config = toy(dir.file("run"));
    // Rank 1 is given another seed: other initial weights and other rows. Only the broadcast of
    // rank 0's weights and the averaged gradients make the ranks agree.
    auto other = config;
    other.seed += 1;
    auto points = stepTogether({config, other}, connectRanks(2, dir.file("store")), 8);
    ASSERT_EQ(points.size(), 2u);
    ASSERT_TRUE(points[0].defined() && points[1].defined());
    EXPECT_TRUE(torch::equal(points[0], points[1]));  // bit for bit

    test::TempDir deaf;
    auto alone = toy(deaf.file("run"));
    auto aloneOther = alone;
    aloneOther.seed += 1;
    auto apart = stepTogether({alone, aloneOther},
                              {std::make_shared<DeafCommunicator>(0, 2),
                               std::make_shared<DeafCommunicator>(1, 2)},
                              8);
    ASSERT_TRUE(apart[0].defined() && apart[1].defined());
    EXPECT_FALSE(torch::equal(apart[0], apart[1]))
        << "without the broadcast and the allreduce they differ";
}

TEST(TrainDistributed, TwoRanksMatchOneProcessOnTheSameGlobalBatch) {
    test::TempDir one, two;
    auto single = toy(one.file("run"));
    {
        train::Trainer t(single);
        t.start();
        t.wait();
        ASSERT_EQ(t.state(), train::TrainerState::Finished) << t.error();
    }
    auto split = toy(two.file("run"));
    runRanks(split, connectRanks(2, two.file("store")));
    const std::string a = train::checkpointPath(single.runDir, single.steps);
    const std::string b = train::checkpointPath(split.runDir, split.steps);
    const double difference = largestDifference(a, b);
    EXPECT_LT(difference, 1e-5);
    RecordProperty("largest_weight_difference", std::to_string(difference));
    // Rank 0 wrote the run folder; the metrics are the global batch's (losses averaged).
    auto rowsA = train::readMetrics(train::runMetricsPath(single.runDir));
    auto rowsB = train::readMetrics(train::runMetricsPath(split.runDir));
    ASSERT_TRUE(rowsA.ok() && rowsB.ok());
    ASSERT_EQ(rowsA->size(), rowsB->size());
    for (std::size_t i = 0; i < rowsA->size(); ++i) {
        EXPECT_NEAR((*rowsA)[i].dLoss, (*rowsB)[i].dLoss, 1e-4);
        EXPECT_NEAR((*rowsA)[i].gLoss, (*rowsB)[i].gLoss, 1e-4);
        EXPECT_EQ((*rowsA)[i].imagesSeen, (*rowsB)[i].imagesSeen);
    }
}

TEST(TrainDistributed, ResumesExactlyOnTwoRanksAndCloselyOnOne) {
    test::TempDir straight, split, single;
    auto a = toy(straight.file("run"));
    runRanks(a, connectRanks(2, straight.file("store")));

    auto b = toy(split.file("run"));
    b.steps = a.steps / 2;
    runRanks(b, connectRanks(2, split.file("store1")));
    std::filesystem::copy(split.file("run"), single.file("run"),
                          std::filesystem::copy_options::recursive);
    b.steps = a.steps;
    b.resume = true;
    runRanks(b, connectRanks(2, split.file("store2")));
    const std::string end = train::checkpointPath(a.runDir, a.steps);
    EXPECT_EQ(largestDifference(end, train::checkpointPath(b.runDir, b.steps)), 0.0);

    // The half-way checkpoint continued by one process: the same data, summed in another order.
    auto c = toy(single.file("run"));
    c.resume = true;
    train::Trainer t(c);
    t.start();
    t.wait();
    ASSERT_EQ(t.state(), train::TrainerState::Finished) << t.error();
    EXPECT_LT(largestDifference(end, train::checkpointPath(c.runDir, c.steps)), 1e-5);
}

// Each rank reads only its rows of the global batch, and together they are the whole batch.
TEST(TrainDistributed, EachRankReadsItsSliceOfTheGlobalBatch) {
    auto data = std::make_shared<const train::Dataset>(
        train::loadDataset("toy:ring8", 32, 3, "").value());
    train::BatchPrefetcher whole(data, 8, 11, 5);
    train::BatchPrefetcher first(data, 8, 11, 5, 4, {0, 4});
    train::BatchPrefetcher second(data, 8, 11, 5, 4, {4, 8});
    for (int k = 0; k < 3; ++k) {
        const train::Batch all = whole.next(), a = first.next(), b = second.next();
        EXPECT_EQ(a.data.size(0), 4);
        EXPECT_TRUE(torch::equal(torch::cat({a.data, b.data}), all.data));
        EXPECT_EQ(a.index, all.index);
    }
}

TEST(TrainDistributed, AMissingRankIsARendezvousTimeout) {
    test::TempDir dir;
    train::World w;
    w.rank = 0;
    w.size = 2;
    w.storeFile = dir.file("store");
    w.timeoutSeconds = 1;
    const auto start = std::chrono::steady_clock::now();
    auto c = train::connectWorld(w);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().find("rendezvous timed out after 1 s: 1 of 2 ranks arrived"),
              std::string::npos)
        << c.error();
    EXPECT_EQ(c.error().find('\n'), std::string::npos);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(TrainDistributed, TorchrunsEnvironmentIsReadAndCheckedInWords) {
    auto world = [](std::map<std::string, std::string> vars) {
        return train::worldFromEnvironment([vars](const char* name) -> const char* {
            auto it = vars.find(name);
            return it == vars.end() ? nullptr : it->second.c_str();
        });
    };
    auto single = world({});
    ASSERT_TRUE(single.ok());
    EXPECT_FALSE(single->distributed());
    auto w = world({{"WORLD_SIZE", "4"}, {"RANK", "3"}, {"LOCAL_RANK", "1"},
                    {"LOCAL_WORLD_SIZE", "2"}, {"MASTER_ADDR", "node0"}, {"MASTER_PORT", "29400"}});
    ASSERT_TRUE(w.ok()) << w.error();
    EXPECT_EQ(w->rank, 3);
    EXPECT_EQ(w->size, 4);
    EXPECT_EQ(w->localRank, 1);
    EXPECT_EQ(w->masterAddr, "node0");
    EXPECT_EQ(w->masterPort, 29400);
    EXPECT_EQ(train::rankName(*w), "rank 3 of 4");
    auto bad = world({{"WORLD_SIZE", "2"}, {"RANK", "2"}});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(), "RANK must be between 0 and 1 (got '2')");
    auto port = world({{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_PORT", "http"}});
    ASSERT_FALSE(port.ok());
    EXPECT_EQ(port.error(), "MASTER_PORT must be between 1 and 65535 (got 'http')");
    EXPECT_FALSE(world({{"WORLD_SIZE", "2"}}).ok());
}

// The CLI: --nproc 2 trains to the end with rank 0's progress; a rank killed with -9 takes the
// run down within seconds, named, and the newest checkpoint still loads.
TEST(TrainDistributed, NprocRunsAndAKilledRankStopsTheOthers) {
    test::TempDir dir;
    const std::string tiny = " --g-width 16 --d-width 16 --batch 32 --log-every 4 --threads 1";
    auto r = test::runLatent("LATENT train --nproc 2 --data toy:ring8 --steps 12 --out " +
                                 dir.file("run") + tiny,
                             120);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("step 12/12"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("on 2 processes"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("step 12/12", r.out.find("step 12/12") + 1), std::string::npos)
        << "rank 1's progress is not shown: " << r.out;
    EXPECT_TRUE(std::filesystem::exists(dir.file("run/checkpoints/step_000012.ckpt")));

    auto odd = test::runLatent("LATENT train --nproc 3 --data toy:ring8 --batch 32 --out " +
                               dir.file("odd"));
    EXPECT_EQ(odd.code, 2) << odd.out;
    EXPECT_NE(odd.out.find("--batch 32 does not split evenly over 3 processes"), std::string::npos)
        << odd.out;

    // A long run; rank 1 (the launcher's second child) is killed once a checkpoint exists.
    const std::string run = dir.file("long");
    auto killed = test::runCommand(
        std::string(LATENT_CLI_PATH) + " train --nproc 2 --data toy:ring8 --steps 100000000"
        " --checkpoint-every 20 --out " + run + tiny +
        " 2>&1 & pid=$!;"
        " for i in $(seq 300); do ls " + run + "/checkpoints/*.ckpt >/dev/null 2>&1 && break;"
        " sleep 0.1; done;"
        " for c in $(pgrep -P $pid); do grep -qz '^RANK=1$' /proc/$c/environ && kill -9 $c; done;"
        " start=$(date +%s); (sleep 60; kill -KILL $pid) >/dev/null 2>&1 & wait $pid; code=$?;"
        " echo \"exit $code after $(( $(date +%s) - start )) s\"");
    EXPECT_NE(killed.out.find("rank 1 of 2 was killed by signal 9"), std::string::npos)
        << killed.out;
    const auto after = killed.out.find("exit 1 after ");
    ASSERT_NE(after, std::string::npos) << killed.out;
    EXPECT_LE(std::stoi(killed.out.substr(after + 13)), 30) << killed.out;
    const auto names = train::checkpointNames(run);
    ASSERT_FALSE(names.empty());
    EXPECT_TRUE(train::readCheckpoint(names.front().path).ok());
}

}  // namespace
