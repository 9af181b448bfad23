#include <gtest/gtest.h>

#include <thread>

#include <torch/torch.h>

#include "core/runtime/runtime.h"

using namespace latent;

TEST(Runtime, ConfigureThreadsSetsLibTorchsCount) {
    runtime::configureThreads(2);
    EXPECT_EQ(runtime::threadCount(), 2);
    runtime::configureThreads(1);
    EXPECT_EQ(runtime::threadCount(), 1);
}

TEST(Runtime, InteractiveRenderingLeavesACoreForTheUiThread) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    runtime::configureThreads(0);  // all cores
    EXPECT_EQ(runtime::threadCount(), cores);
    EXPECT_EQ(runtime::interactiveThreads(), std::max(1, cores - 1));
    runtime::configureThreads(1);
    EXPECT_EQ(runtime::interactiveThreads(), 1);
}

TEST(Runtime, LimitThisThreadCapsOnlyTheCallingThread) {
    runtime::configureThreads(2);
    int inWorker = 0;
    std::thread worker([&] {
        runtime::limitThisThread(1);
        inWorker = at::get_num_threads();
    });
    worker.join();
    EXPECT_EQ(inWorker, 1);
    EXPECT_EQ(runtime::threadCount(), 2);  // the process-wide count is untouched
    runtime::configureThreads(1);
}
