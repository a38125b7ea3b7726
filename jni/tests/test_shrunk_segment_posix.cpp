// Segments shrunk by another process (ftruncate) under a mapped handle: calls of the C ABI fail
// with LSM_ERR_CORRUPT instead of ending the process with SIGBUS, and every other SIGBUS still
// reaches the handler that was there before ours (here: the default action).
#include <csetjmp>
#include <cstring>
#include <string>
#include <vector>

#include "c_fixtures.hpp"
#include "lsm/mapping_faults.hpp"

#if defined(__linux__)
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

using lsm::test::CQueue;
using lsm::test::CQueueHandle;
using lsm::test::CStream;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {

// Another process shrinks the segment to `size` bytes, as a hostile peer would.
void shrink_from_another_process(const std::string& name, off_t size) {
    const pid_t child = ::fork();
    if (child == 0) {
        const int fd = ::shm_open(("/" + name).c_str(), O_RDWR, 0);
        ::_exit(fd >= 0 && ::ftruncate(fd, size) == 0 ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

bool last_error_is_shrink(int64_t result) {
    return result < 0 && lsm_last_error() == LSM_ERR_CORRUPT &&
           std::strstr(lsm_last_error_message(), "shrunk by another process") != nullptr;
}

// Runs `body` in a forked child and returns its wait status.
template <typename Body>
int status_of_child(Body&& body) {
    const pid_t child = ::fork();
    if (child == 0) {
        body();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

// A file mapped past its end: touching the page raises a SIGBUS that is nobody's guarded call.
volatile char* page_past_the_end() {
    char path[] = "/tmp/lsm-sigbus-XXXXXX";
    const int fd = ::mkstemp(path);
    ::unlink(path);
    void* page = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    return static_cast<volatile char*>(page);
}

}  // namespace

// A call reached from inside another (user code run by the outer one) must not leave the outer
// call unwatched when it ends: the SIGBUS of the outer call's copy would then reach the JVM.
LSM_TEST("shrunk_segment_posix", a_nested_fault_scope_restores_the_outer_watch) {
    const lsm::MappingWatch outer;
    const lsm::MappingWatch inner;
    {
        const lsm::FaultScope outer_call(outer);
        {
            const lsm::FaultScope inner_call(inner);
            CHECK(lsm::detail::watched_mapping_ref().load() == &inner);
        }
        CHECK(lsm::detail::watched_mapping_ref().load() == &outer);
    }
    CHECK(lsm::detail::watched_mapping_ref().load() == nullptr);
}

LSM_TEST("shrunk_segment_posix", stream_write_and_read_fail_with_corrupt) {
    CStream fixture("shrinks", 65536);
    const std::string& name = fixture.name;
    lsm_stream_writer* writer = fixture.writer;
    lsm_stream_reader* reader = fixture.reader;
    const std::vector<char> payload(30000, 'x');
    CHECK_EQ(lsm_stream_writer_write(writer, 2, payload.data(), payload.size()), 0);

    shrink_from_another_process(name, 4096);  // the header page stays, the payload pages go
    CHECK(last_error_is_shrink(lsm_stream_writer_write(writer, 2, payload.data(), payload.size())));
    CHECK(std::strstr(lsm_last_error_message(), "to 4096 bytes") != nullptr);
    std::vector<char> into(65536);
    CHECK(last_error_is_shrink(lsm_stream_reader_read(reader, into.data(), into.size())));
    // The handles stay defined: every later call fails the same way, the lock was released.
    CHECK(last_error_is_shrink(lsm_stream_writer_write(writer, 2, "small", 5)));
    CHECK(last_error_is_shrink(lsm_stream_reader_size(reader)));
}

LSM_TEST("shrunk_segment_posix", header_cut_off_fails_with_corrupt) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("shrinkh"));
    lsm_stream_writer* writer = lsm_stream_writer_create(name.c_str(), 8192, 1);
    REQUIRE(writer != nullptr);
    shrink_from_another_process(name, 0);  // the lock word is gone too
    CHECK(last_error_is_shrink(lsm_stream_writer_write(writer, 2, "x", 1)));
    CHECK(last_error_is_shrink(lsm_stream_writer_try_write(writer, 2, "x", 1)));
    CHECK(last_error_is_shrink(lsm_stream_writer_is_message_read(writer)));
    lsm_stream_writer_free(writer);

    CQueue queue("shrinkq", 4, 64);
    shrink_from_another_process(queue.name, 0);
    CHECK(last_error_is_shrink(lsm_queue_enqueue(queue.queue, "x", 1)));
}

LSM_TEST("shrunk_segment_posix", queue_enqueue_and_dequeue_fail_with_corrupt) {
    CQueue fixture("shrinkq", 64, 1024);
    const std::string& name = fixture.name;
    lsm_queue* producer = fixture.queue;
    const CQueueHandle consumer = fixture.open();
    const std::vector<char> message(1000, 'm');
    for (int i = 0; i < 40; ++i) CHECK_EQ(lsm_queue_enqueue(producer, message.data(), message.size()), 1);

    shrink_from_another_process(name, 8192);  // slots from the ninth on are gone
    std::vector<char> into(1024);
    size_t length = 0;
    int results = 0;
    for (int i = 0; i < 40 && results == 0; ++i)  // the first messages are still there
        if (lsm_queue_dequeue(consumer, into.data(), into.size(), &length) < 0) results = -1;
    CHECK(results < 0 && lsm_last_error() == LSM_ERR_CORRUPT);
    CHECK(last_error_is_shrink(lsm_queue_enqueue(producer, message.data(), message.size())));
    CHECK(last_error_is_shrink(lsm_queue_try_take(consumer, 1, into.data(), into.size())));
    CHECK(last_error_is_shrink(lsm_queue_size(consumer)));
}

LSM_TEST("shrunk_segment_posix", other_bus_errors_keep_the_default_action) {
    // A fault outside any call: the default action, as without the library.
    int status = status_of_child([] { page_past_the_end()[0] = 1; });
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS);
    // A SIGBUS sent by kill(): the same.
    status = status_of_child([] { ::kill(::getpid(), SIGBUS); });
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS);
    // A fault of caller memory during a call (not the segment's): the same.
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("shrinkc"));
    status = status_of_child([&] {
        lsm_stream_writer* writer = lsm_stream_writer_create(name.c_str(), 8192, 1);
        lsm_stream_writer_write(writer, 2, const_cast<char*>(page_past_the_end()), 100);
    });
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS);
}

namespace {
sigjmp_buf escape;
void* seen_address = nullptr;
void escaping_handler(int, siginfo_t* info, void*) {
    seen_address = info->si_addr;
    siglongjmp(escape, 1);
}
}  // namespace

LSM_TEST("shrunk_segment_posix", other_bus_errors_reach_the_previous_handler) {
    const int status = status_of_child([] {
        struct sigaction mine {};
        mine.sa_sigaction = &escaping_handler;
        mine.sa_flags = SA_SIGINFO;
        ::sigaction(SIGBUS, &mine, nullptr);
        lsm::install_fault_handler();  // ours again, now in front of `mine`
        struct sigaction now {};
        ::sigaction(SIGBUS, nullptr, &now);
        if (now.sa_sigaction == &escaping_handler) ::_exit(3);  // ours was not installed
        volatile char* page = page_past_the_end();
        if (sigsetjmp(escape, 1) == 0) page[0] = 1;
        ::_exit(seen_address == page ? 0 : 4);
    });
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 0);
}

#endif
