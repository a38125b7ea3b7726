// A named shared memory segment (WIRE.md §1): create, open, map, close, destroy.
//
// create() replaces an existing object of the same name (the upstream library unlinks
// first); open() maps an existing one. A handle that is not persistent removes the name
// when it is destroyed, whichever side (reader or writer) owns it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace lsm {

// What close() does with the mapped view.
enum class ViewOnClose {
    unmap,   // unmap it: nobody may touch data() afterwards
    detach,  // POSIX: replace it in place with private zero pages, so a stale pointer (a Java
             // ByteBuffer) stays safe but no longer reaches the segment; unmap_view() frees it
             // later. Windows cannot replace a view atomically: there it behaves like keep.
    keep,    // leave it mapped and shared; unmap_view() frees it later
};

class Segment {
public:
    // Owner read/write only; the upstream library uses 0777. See README "Permissions".
    static constexpr unsigned default_mode = 0600;

    // Creates (replacing any existing object of that name) a zero-filled segment of
    // `size` bytes. The whole size is reserved up front, so a later write never faults for
    // lack of memory: running out of space fails here, with ErrorCode::no_space.
    static Segment create(const std::string& name, std::size_t size, bool persistent,
                          unsigned mode = default_mode);

    // Opens an existing segment and maps its first `size` bytes. Fails with not_found when
    // the name does not exist and invalid_size when the object is smaller than `size`.
    // Linux: the mapped pages are reserved too (a peer such as libsharedmemory may have
    // created the object sparse), so a full /dev/shm fails here with no_space instead of
    // SIGBUS on first touch. Reserving keeps the object's size and content as they are.
    static Segment open(const std::string& name, std::size_t size, bool persistent);

    // Opens an existing segment and maps (and reserves, as open) all of it, whatever its size.
    static Segment open_existing(const std::string& name, bool persistent);

    // Opens the segment when it exists, else creates it (as create, zero-filled); never
    // replaces one. Race-free: of N processes calling it at once exactly one creates, and
    // the others wait (up to `wait`) until the creator has sized the object. An existing
    // object of another size fails with invalid_size naming both; one still unsized after
    // `wait` (its creator died half way) fails with corrupt, naming the remedy (remove it).
    static Segment open_or_create(const std::string& name, std::size_t size, bool persistent,
                                  unsigned mode = default_mode,
                                  std::chrono::nanoseconds wait = std::chrono::seconds(5));

    // Removes a name. Returns false when it did not exist.
    static bool remove(const std::string& name);

    // Frees a view that close() left behind with ViewOnClose::detach or keep.
    static void unmap_view(void* data, std::size_t size) noexcept;

    Segment(Segment&& other) noexcept;
    Segment& operator=(Segment&& other) = delete;
    Segment(const Segment&) = delete;
    Segment& operator=(const Segment&) = delete;
    ~Segment();  // close(), then destroy() if not persistent; never throws

    std::byte* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    const std::string& name() const noexcept { return name_; }
    bool persistent() const noexcept { return persistent_; }
    bool is_open() const noexcept { return data_ != nullptr; }
    // True when this handle created the object (create, or open_or_create that found none).
    bool created() const noexcept { return created_; }

    // Unmaps (or detaches, or keeps: see ViewOnClose) and releases the OS handles. Idempotent.
    void close(ViewOnClose view = ViewOnClose::unmap) noexcept;

    // Removes the name from the OS (POSIX shm_unlink, Windows: delete the backing file).
    // Works after close(). Idempotent: a missing name is not an error.
    void destroy();

    // A handle that opened an object and then refused it (wrong header) must not remove the
    // name when it goes, even if it is not persistent: the object is someone else's.
    void forget_name() noexcept { destroyed_ = true; }

    // True when the name no longer leads to the object this handle maps: it was removed,
    // or re-created by another process (WIRE.md §1: create unlinks first).
    bool is_stale() const;

    // The size of the object behind the mapping now (another process may have shrunk it);
    // size() when it cannot be told (the name removed or re-created). Not for signal handlers.
    std::uint64_t backing_size() const noexcept;

#if defined(_WIN32)
    // The identity of the backing file (persistent), taken when it was mapped: what tells it
    // from another file that later got its name. The volume serial number and the 128-bit file
    // id (FileIdInfo: ReFS ids do not fit in 64 bits), or where Windows has no such id the
    // 64-bit file index as the low half. All 0 for a named mapping, or when Windows could not tell.
    std::uint64_t volume_serial() const noexcept { return volume_serial_; }
    std::uint64_t file_id_high() const noexcept { return file_id_high_; }
    std::uint64_t file_id_low() const noexcept { return file_id_low_; }
#endif

private:
    static Segment open_mapping(const std::string& name, std::size_t size, bool persistent, bool whole_object);
    Segment(std::string name, std::size_t size, bool persistent) : name_(std::move(name)), size_(size), persistent_(persistent) {}

    std::string name_;
    std::byte* data_ = nullptr;
    std::size_t size_ = 0;
    bool persistent_ = true;
    bool destroyed_ = false;
    bool created_ = false;
#if defined(_WIN32)
    // A named (not persistent) mapping lives only while a handle to it is open, so the
    // handles stay with the segment; Windows has no small per-process handle limit.
    void release_os_handles() noexcept;
    // Maps the backing file `file` (a HANDLE) for size_ bytes and keeps the mapping, the file's
    // identity and, once all that succeeded, the file: `file` is then null (no longer the
    // caller's to close).
    void map_file(void*& file);
    void* file_ = nullptr;     // HANDLE of the backing file (persistent), or null
    void* mapping_ = nullptr;  // HANDLE of the file mapping
    std::uint64_t volume_serial_ = 0;  // identity of the backing file: is_stale(), wake names
    std::uint64_t file_id_high_ = 0;
    std::uint64_t file_id_low_ = 0;
#else
    // A handle over `data`, the mapping of the object (device, inode).
    static Segment mapped(const std::string& name, std::size_t size, bool persistent, std::byte* data,
                          std::uint64_t device, std::uint64_t inode, bool created);
    // Sizes, reserves and maps the object this call just made (O_EXCL) as descriptor `fd`;
    // removes the name again if that fails.
    static Segment initialise_created(int fd, const std::string& name, std::size_t size, bool persistent,
                                      unsigned mode);
    // No descriptor: it is closed once the object is mapped (the mapping keeps the object
    // alive), so handles dropped without close() never exhaust the process's descriptors.
    std::uint64_t device_ = 0;  // identity of the mapped object, for is_stale()
    std::uint64_t inode_ = 0;
#endif
};

}  // namespace lsm
