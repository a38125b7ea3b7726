// The C++ side of the README's Java <-> C++ stream: reads what JsonPublisher (Java) publishes.
// Written against libsharedmemory 2.0.0 (https://github.com/kyr0/libsharedmemory), which is not
// part of this repository. Build: c++ -std=c++20 -I<libsharedmemory>/include json_reader.cpp
// Without it, `lsm-peer stream-read jsonPipe 65535 string --mark` does the same (see README).
#include <libsharedmemory/libsharedmemory.hpp>

#include <iostream>
#include <string>

int main() {
    // The same name, size and persistence as the Java writer.
    lsm::SharedMemoryReadStream in{"jsonPipe", 65535, true};

    std::string json = in.readString();
    std::cout << "C++ read: " << json << std::endl;

    in.markAsRead();  // the Java writer's waitForRead(...) returns true
    return 0;
}
