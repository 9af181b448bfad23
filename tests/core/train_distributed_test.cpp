// Data-parallel training (core/train/distributed.h): ranks meet, hold the same weights at every
// step, match one process on the same global batch, resume at any world size, and fail cleanly.
// Two ranks run as two threads of this process (Gloo over loopback, meeting through a file) or, for
// the CLI, as two processes started by `latent train --nproc 2`.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "core/model/batchnorm.h"
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

// A TCP port nobody listens on now.
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

// Each rank's communicator, connected concurrently (connectWorld waits for the others), meeting
// through the file `store`, or with "" at rank 0's TCP store on a free loopback port.
std::vector<std::shared_ptr<train::Communicator>> connectRanks(int n, const std::string& store) {
    const int port = store.empty() ? freePort() : 0;
    std::vector<std::shared_ptr<train::Communicator>> comms(static_cast<std::size_t>(n));
    std::vector<std::thread> threads;
    std::vector<std::string> errors(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
        threads.emplace_back([&, r] {
            train::World w;
            w.rank = r;
            w.size = n;
            w.localRank = r;
            w.localSize = n;
            w.storeFile = store;
            w.masterPort = port;
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

// The largest difference between two checkpoints: absolute over the weights and BatchNorm
// statistics (g., ema., d.), relative to each tensor's largest value over the Adam moments (they
// grow to ~100, where float rounding alone is ~1e-5).
double largestDifference(const std::string& a, const std::string& b) {
    const auto wa = weights(a), wb = weights(b);
    EXPECT_EQ(wa.size(), wb.size());
    double most = 0;
    for (const auto& [name, t] : wa) {
        if (!wb.count(name) || !t.is_floating_point()) continue;
        double d = (t.to(torch::kDouble) - wb.at(name).to(torch::kDouble)).abs().max().item<double>();
        if (name.rfind("opt_", 0) == 0) d /= std::max(1.0, t.abs().max().item<double>());
        most = std::max(most, d);
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

// torchrun's way to meet: rank 0 hosts a TCP store at MASTER_ADDR:MASTER_PORT.
TEST(TrainDistributed, RanksMeetOverTcpToo) {
    test::TempDir dir;
    auto comms = connectRanks(2, "");
    ASSERT_TRUE(comms[0] && comms[1]);
    EXPECT_EQ(comms[1]->localRank(), 1);  // the GPU it would train on with --device cuda
    std::vector<torch::Tensor> values = {torch::ones({3}), torch::full({3}, 2.0f)};
    std::thread other([&] { comms[1]->allreduceSum({values[1]}); });
    comms[0]->allreduceSum({values[0]});
    other.join();
    EXPECT_TRUE(torch::equal(values[0], torch::full({3}, 3.0f)));
    EXPECT_TRUE(torch::equal(values[1], torch::full({3}, 3.0f)));
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
    RecordProperty("largest_weight_difference", std::to_string(difference * 1e9) + "e-9");
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

// BatchNorm over a batch split between two ranks: the same outputs, input gradients and running
// statistics as over the whole batch in one process (SyncBatchNorm).
TEST(TrainDistributed, BatchNormOverRanksIsBatchNormOverTheWholeBatch) {
    test::TempDir dir;
    auto comms = connectRanks(2, dir.file("store"));
    torch::manual_seed(3);
    const torch::Tensor x = torch::randn({6, 3, 4, 4}) * 2 + 1;
    const torch::Tensor r = torch::randn({6, 3, 4, 4});  // dL/dy: L = sum(y * r)
    auto run = [&](model::SyncBatchNorm2d& bn, const torch::Tensor& in, const torch::Tensor& dy) {
        torch::Tensor input = in.clone().requires_grad_(true);
        torch::Tensor y = bn->forward(input);
        (y * dy).sum().backward();
        return std::make_pair(y.detach(), input.grad());
    };
    model::SyncBatchNorm2d whole(3);
    whole->weight.data().uniform_(0.5, 1.5);
    whole->bias.data().uniform_(-0.5, 0.5);
    const auto [yWhole, dxWhole] = run(whole, x, r);

    std::vector<std::pair<torch::Tensor, torch::Tensor>> parts(2);
    std::vector<model::SyncBatchNorm2d> bns;
    for (int i = 0; i < 2; ++i) {
        bns.emplace_back(3);
        torch::NoGradGuard noGrad;
        bns.back()->weight.copy_(whole->weight);
        bns.back()->bias.copy_(whole->bias);
    }
    std::vector<std::thread> ranks;
    for (int i = 0; i < 2; ++i) {
        ranks.emplace_back([&, i] {
            auto comm = comms[static_cast<std::size_t>(i)];
            bns[static_cast<std::size_t>(i)]->setRankSum(
                [comm](const std::vector<torch::Tensor>& t) { comm->allreduceSum(t); });
            parts[static_cast<std::size_t>(i)] =
                run(bns[static_cast<std::size_t>(i)], x.narrow(0, 3 * i, 3), r.narrow(0, 3 * i, 3));
        });
    }
    for (auto& t : ranks) t.join();
    EXPECT_TRUE(torch::allclose(torch::cat({parts[0].first, parts[1].first}), yWhole, 1e-5, 1e-5));
    EXPECT_TRUE(torch::allclose(torch::cat({parts[0].second, parts[1].second}), dxWhole, 1e-5, 1e-5));
    for (const auto& bn : bns) {
        EXPECT_TRUE(torch::allclose(bn->running_mean, whole->running_mean, 1e-6, 1e-6));
        EXPECT_TRUE(torch::allclose(bn->running_var, whole->running_var, 1e-6, 1e-6));
    }
    // Without the sums each half is normalised by itself: not the whole batch's output.
    model::SyncBatchNorm2d alone(3);
    {
        torch::NoGradGuard noGrad;
        alone->weight.copy_(whole->weight);
        alone->bias.copy_(whole->bias);
    }
    EXPECT_FALSE(torch::allclose(run(alone, x.narrow(0, 0, 3), r.narrow(0, 0, 3)).first,
                                 yWhole.narrow(0, 0, 3), 1e-3, 1e-3));
}

// The DCGAN (BatchNorm in G and D) on two ranks follows one process on the same global batch.
TEST(TrainDistributed, TwoRanksMatchOneProcessOnTheDcgan) {
    test::TempDir data, one, two;
    test::writeFakeFashionMnist(data.path(), 40);
    auto single = test::tinyDcganConfig(data.path(), one.file("run"));
    single.steps = 5;
    single.conditional = true;
    {
        train::Trainer t(single);
        t.start();
        t.wait();
        ASSERT_EQ(t.state(), train::TrainerState::Finished) << t.error();
    }
    auto split = test::tinyDcganConfig(data.path(), two.file("run"));
    split.steps = 5;
    split.conditional = true;
    runRanks(split, connectRanks(2, two.file("store")));
    const double difference = largestDifference(train::checkpointPath(single.runDir, 5),
                                                train::checkpointPath(split.runDir, 5));
    EXPECT_LT(difference, 1e-5);
    RecordProperty("largest_weight_difference", std::to_string(difference * 1e9) + "e-9");
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
    // Under torchrun its agent hosts the store: rank 0 connects to it like the others.
    auto agent = world({{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"TORCHELASTIC_USE_AGENT_STORE", "True"},
                        {"TORCHELASTIC_RESTART_COUNT", "2"}});
    ASSERT_TRUE(agent.ok());
    EXPECT_TRUE(agent->agentStore);
    EXPECT_EQ(agent->restartCount, 2);
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

// The launcher killed with -9 (or the app that started it quit): the ranks do not train on
// unwatched. They stop together within seconds, as Ctrl-C stops them, with a checkpoint.
TEST(TrainDistributed, RanksOfAKilledLauncherStopWithACheckpoint) {
    test::TempDir dir;
    const std::string run = dir.file("orphans");
    auto r = test::runCommand(
        std::string(LATENT_CLI_PATH) + " train --nproc 2 --data toy:ring8 --steps 100000000"
        " --checkpoint-every 0 --g-width 16 --d-width 16 --batch 32 --log-every 4 --threads 1"
        " --out " + run + " >/dev/null 2>&1 & pid=$!;"
        " for i in $(seq 600); do [ \"$(wc -l 2>/dev/null < " + run + "/metrics.csv)\" -ge 3 ]"
        " 2>/dev/null && break; sleep 0.1; done;"
        " kill -9 $pid; start=$(date +%s);"
        " for i in $(seq 600); do"
        "  grep -qz \"^LATENT_LAUNCHER_PID=$pid$\" /proc/[0-9]*/environ 2>/dev/null || break;"
        "  sleep 0.1; done;"
        " echo \"ranks gone after $(( $(date +%s) - start )) s\"");
    const auto after = r.out.find("ranks gone after ");
    ASSERT_NE(after, std::string::npos) << r.out;
    EXPECT_LE(std::stoi(r.out.substr(after + 17)), 30) << r.out;
    const auto names = train::checkpointNames(run);
    ASSERT_FALSE(names.empty()) << "no checkpoint when the ranks stopped";
    auto checkpoint = train::readCheckpoint(names.front().path);
    ASSERT_TRUE(checkpoint.ok()) << checkpoint.error();
}

}  // namespace
