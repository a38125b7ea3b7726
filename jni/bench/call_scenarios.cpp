// The call-path family (the JMH CallPathBenchmark): the small operations of one thread,
// uncontended, on the floor, the core and the C ABI (implementations.hpp), each row measured
// right after the others of its scenario: a stream write of a string and of bytes, a stream
// read into a buffer, an enqueue + dequeue into a buffer; payloads of 10 and 64 bytes.
#include <string>
#include <vector>

#include "harness.hpp"
#include "implementations.hpp"

namespace lsm::bench {
namespace {

constexpr std::uint32_t queue_capacity = 1024;
constexpr std::uint32_t queue_message_size = 64;

template <class Impl>
void stream_rows(const Settings& settings, const std::string& scenario, std::size_t size) {
    const std::string name = unique_name("call");
    typename Impl::Writer writer(name, 20 + size);
    typename Impl::Reader reader(name, 20 + size);
    const std::string text(size, 'x');
    const std::vector<std::byte> bytes(size, std::byte{'x'});
    std::vector<std::byte> into(size);
    writer.write(bytes.data(), bytes.size());
    const std::string row = Impl::prefix + scenario;
    if (scenario.starts_with("call_stream_write_string"))
        single(settings, row, [&] { writer.write(text.data(), text.size()); });
    else if (scenario.starts_with("call_stream_write_bytes"))
        single(settings, row, [&] { writer.write(bytes.data(), bytes.size()); });
    else
        single(settings, row, [&] { reader.read(into.data(), into.size()); });
}

template <class Impl>
void queue_row(const Settings& settings, const std::string& scenario, std::size_t size) {
    typename Impl::Queue queue(unique_name("callq"), queue_capacity, queue_message_size, true);
    const std::vector<std::byte> message(size, std::byte{'x'});
    std::vector<std::byte> into(queue_message_size);
    single(settings, Impl::prefix + scenario, [&] {
        queue.enqueue(message.data(), message.size());
        queue.dequeue(into.data(), into.size());
    });
}

void call_family(const Settings& settings, const std::function<bool(const std::string&)>& selected) {
    for (std::size_t size : {std::size_t{10}, std::size_t{64}}) {
        const std::string s = std::string("_").append(std::to_string(size));
        for (const char* stem : {"call_stream_write_string", "call_stream_write_bytes", "call_stream_read_buffer"}) {
            const std::string scenario = std::string(stem).append(s);
            if (selected(scenario))
                for_each_implementation([&]<class Impl>() { stream_rows<Impl>(settings, scenario, size); });
        }
        const std::string roundtrip = "call_queue_roundtrip" + s;
        if (selected(roundtrip))
            for_each_implementation([&]<class Impl>() { queue_row<Impl>(settings, roundtrip, size); });
    }
}

const Registration registration("call", call_family);

}  // namespace
}  // namespace lsm::bench
