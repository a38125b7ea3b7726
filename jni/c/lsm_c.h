/* The plain C ABI of libsharedmemory-java's native library.
 *
 * The first block has the names and meaning of the C wrapper that ships with
 * libsharedmemory 2.0.0, so C code written for it links against this library
 * unchanged. Everything after it is an extension (prefix lsm_ as well).
 *
 * Errors: a function that fails returns NULL (or a negative value) and records an
 * error code and message for the calling thread: lsm_last_error(), lsm_last_error_message().
 */
#ifndef LSM_C_H
#define LSM_C_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define LSM_API __declspec(dllexport)
#else
#define LSM_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the upstream C wrapper ---- */

typedef struct lsm_memory lsm_memory;

/* Creates a segment (replacing an existing one of that name). NULL on failure. */
LSM_API lsm_memory* lsm_create(const char* name, size_t size, int persistent);
/* Opens an existing segment of at least `size` bytes. NULL on failure. */
LSM_API lsm_memory* lsm_open(const char* name, size_t size, int persistent);
/* The mapped bytes; NULL after lsm_close. */
LSM_API void* lsm_data(lsm_memory* mem);
/* The mapped size in bytes; 0 after lsm_close. */
LSM_API size_t lsm_size(lsm_memory* mem);
/* Unmaps. The handle stays valid for lsm_destroy and lsm_free. */
LSM_API void lsm_close(lsm_memory* mem);
/* Removes the segment's name from the OS. */
LSM_API void lsm_destroy(lsm_memory* mem);
/* Frees the handle; a non-persistent handle removes its name here. */
LSM_API void lsm_free(lsm_memory* mem);

/* ---- extensions ---- */

/* Error codes (lsm_last_error). */
enum {
    LSM_OK = 0,
    LSM_ERR_INVALID_ARGUMENT = 1,
    LSM_ERR_INVALID_NAME = 2,
    LSM_ERR_INVALID_SIZE = 3,
    LSM_ERR_NOT_FOUND = 4,
    LSM_ERR_ACCESS_DENIED = 5,
    LSM_ERR_NO_SPACE = 6,
    LSM_ERR_CORRUPT = 7,
    LSM_ERR_CLOSED = 8,
    LSM_ERR_TIMEOUT = 9,
    LSM_ERR_TOO_LARGE = 10,
    LSM_ERR_IO = 11,
    LSM_ERR_INTERRUPTED = 12 /* only the Java binding's lock waits end so; never from these functions */
};

/* The library version, e.g. "0.1.0" (the build's project version). */
LSM_API const char* lsm_version(void);

/* Results. Every read, take and try call answers with these (int or int64_t):
 *   >= 0                 done: a size, a length, a count, or 0 for a write;
 *   LSM_RESULT_ERROR     failed: lsm_last_error() says why (a try call's short lock wait ends so too);
 *   LSM_RESULT_EMPTY     a take found the queue empty;
 *   LSM_RESULT_RETRY     nothing was done: call the blocking counterpart (answered by the
 *                        JVM's downcall wrappers, never by the C functions themselves);
 *   LSM_TOO_SMALL(n)     the destination is too small: it needs n bytes; nothing was copied
 *                        and the stream or queue is unchanged. Test with LSM_IS_TOO_SMALL(r),
 *                        read n with LSM_NEEDED_SIZE(r). The one encoding of every read and take.
 * Enqueues answer LSM_ENQUEUED, LSM_FULL or LSM_RESULT_ERROR. */
#define LSM_RESULT_ERROR (-1)
#define LSM_RESULT_EMPTY (-2)
#define LSM_RESULT_RETRY (-3)
/* Below the sentinels above, with room for more. */
#define LSM_TOO_SMALL_BASE (-16)
#define LSM_TOO_SMALL(n) ((int64_t)LSM_TOO_SMALL_BASE - (int64_t)(n))
#define LSM_IS_TOO_SMALL(r) ((int64_t)(r) <= (int64_t)LSM_TOO_SMALL_BASE)
#define LSM_NEEDED_SIZE(r) ((int64_t)LSM_TOO_SMALL_BASE - (int64_t)(r))
/* The too small of the int-returning lsm_queue_dequeue and lsm_queue_peek, whose int cannot
 * carry a message size of up to 4 GiB: LSM_IS_TOO_SMALL(r) holds, the size needed is in *length
 * (LSM_NEEDED_SIZE(r) is 0 here: read *length). */
#define LSM_TOO_SMALL_SEE_LENGTH LSM_TOO_SMALL_BASE
#define LSM_ENQUEUED 1
#define LSM_FULL 0
/* Added to a batch take's count when it stopped because the next message did not fit the
 * room left (it stays in the queue): take again. */
#define LSM_BATCH_MORE ((int64_t)1 << 32)

/* The error of the last failed call on this thread, and its message ("" if none). */
LSM_API int lsm_last_error(void);
LSM_API const char* lsm_last_error_message(void);

/* lsm_create with an explicit POSIX mode (lsm_create uses 0600). */
LSM_API lsm_memory* lsm_create_with_mode(const char* name, size_t size, int persistent, unsigned mode);
/* Opens an existing segment and maps all of it, whatever its size. */
LSM_API lsm_memory* lsm_open_existing(const char* name, int persistent);
/* Opens the segment when it exists, else creates it (mode 0600); never replaces one. Of
 * several processes calling it at once exactly one creates it; *created (if not NULL) tells
 * which. LSM_ERR_INVALID_SIZE when it exists with another size; LSM_ERR_CORRUPT when it is
 * still unsized after 5 s (its creator died half way: remove the name). */
LSM_API lsm_memory* lsm_open_or_create(const char* name, size_t size, int persistent, int* created);
LSM_API lsm_memory* lsm_open_or_create_with_mode(const char* name, size_t size, int persistent, unsigned mode,
                                                 int* created);
/* 1 when the name now leads to another object (re-created) or to none, 0 if not, -1 on error. */
LSM_API int lsm_is_stale(lsm_memory* mem);
/* Removes a name: 1 removed, 0 did not exist, -1 on error. */
LSM_API int lsm_remove(const char* name);

/* ---- streams (WIRE.md §2) ---- */

typedef struct lsm_stream_writer lsm_stream_writer;
typedef struct lsm_stream_reader lsm_stream_reader;

/* The data type bits of the flags byte. */
enum { LSM_STREAM_NONE = 0, LSM_STREAM_STRING = 2, LSM_STREAM_FLOAT = 4, LSM_STREAM_DOUBLE = 8 };
/* The change bit of the flags byte: it flips on every write. */
#define LSM_STREAM_CHANGE_BIT 1
/* The header size: a stream's payload area is its size minus this. */
#define LSM_STREAM_HEADER_SIZE 20

/* Creates the stream segment (`size` includes the header; must be > 20). NULL on failure. */
LSM_API lsm_stream_writer* lsm_stream_writer_create(const char* name, size_t size, int persistent);
/* Opens the stream when it exists, else creates it, as lsm_open_or_create (the header of a
 * new one is all zeros already, so it is never rewritten). *created (if not NULL) tells. */
LSM_API lsm_stream_writer* lsm_stream_writer_open_or_create(const char* name, size_t size, int persistent,
                                                            int* created);
/* Writes `bytes` bytes of `type` (LSM_STREAM_STRING/FLOAT/DOUBLE). 0 on success, -1 on
 * failure (LSM_ERR_TOO_LARGE when it does not fit: nothing written; LSM_ERR_TIMEOUT). */
LSM_API int lsm_stream_writer_write(lsm_stream_writer* writer, int type, const void* data, size_t bytes);
/* 1 when a reader acknowledged the latest write, 0 if not, -1 on error. */
LSM_API int lsm_stream_writer_is_message_read(lsm_stream_writer* writer);
/* The revision (number of completed writes, wrapping), or -1 on error. */
LSM_API int64_t lsm_stream_writer_revision(lsm_stream_writer* writer);
/* The lock timeout of writes, in milliseconds (default 5000). 0 or -1 on error. */
LSM_API int lsm_stream_writer_set_lock_timeout_ms(lsm_stream_writer* writer, int64_t milliseconds);
/* 1 when the name no longer leads to this writer's segment (removed or re-created elsewhere), 0 if not, -1. */
LSM_API int lsm_stream_writer_is_stale(lsm_stream_writer* writer);
/* Removes the segment's name. 0 or -1. */
LSM_API int lsm_stream_writer_destroy(lsm_stream_writer* writer);
/* Waits for calls on the writer in other threads to return (a call waiting for the lock gives
 * up within about a millisecond, with LSM_ERR_CLOSED), then unmaps; a non-persistent
 * writer removes the name. The handle stays valid: later calls fail with LSM_ERR_CLOSED, and
 * lsm_stream_writer_free still frees it. Safe while other threads call the writer. */
LSM_API void lsm_stream_writer_close(lsm_stream_writer* writer);
/* Closes (if not closed) and frees; a non-persistent writer removes the name. NULL is ignored. */
LSM_API void lsm_stream_writer_free(lsm_stream_writer* writer);
/* As lsm_stream_writer_write, but waits at most ~50 us for the lock (then -1, LSM_ERR_TIMEOUT):
 * for callers that must not block, e.g. a JVM critical downcall, which retry with the call above. */
LSM_API int lsm_stream_writer_try_write(lsm_stream_writer* writer, int type, const void* data, size_t bytes);
/* Writes UTF-16 text (`count` code units, e.g. a Java String's or a Windows wchar_t string's) as
 * LSM_STREAM_STRING: its UTF-8 bytes, encoded straight into the segment (a surrogate pair becomes
 * one 4-byte sequence, an unpaired surrogate '?', as Java's String.getBytes(UTF_8)). Results as
 * lsm_stream_writer_write, for the UTF-8 size (LSM_ERR_TOO_LARGE when that does not fit). */
LSM_API int lsm_stream_writer_write_utf16(lsm_stream_writer* writer, const uint16_t* chars, size_t count);
/* As lsm_stream_writer_write_utf16, waiting for the lock as lsm_stream_writer_try_write does. */
LSM_API int lsm_stream_writer_try_write_utf16(lsm_stream_writer* writer, const uint16_t* chars, size_t count);

/* Opens an existing stream segment (`size` as the writer's). NULL on failure. */
LSM_API lsm_stream_reader* lsm_stream_reader_open(const char* name, size_t size, int persistent);
/* Opens an existing stream segment, whatever its size: the payload area is the rest after the header. */
LSM_API lsm_stream_reader* lsm_stream_reader_open_existing(const char* name, int persistent);
/* Copies the payload into dst. Returns its size in bytes; LSM_TOO_SMALL(size) when it is larger
 * than capacity (nothing copied, not an error: size the buffer and call again); or
 * LSM_RESULT_ERROR (LSM_ERR_CORRUPT when the size field does not fit, LSM_ERR_TIMEOUT, ...). */
LSM_API int64_t lsm_stream_reader_read(lsm_stream_reader* reader, void* dst, size_t capacity);
/* As lsm_stream_reader_read, waiting at most ~50 us for the lock (as lsm_stream_writer_try_write). */
LSM_API int64_t lsm_stream_reader_try_read(lsm_stream_reader* reader, void* dst, size_t capacity);
/* The payload size in bytes (validated), or -1. */
LSM_API int64_t lsm_stream_reader_size(lsm_stream_reader* reader);
/* The flags byte (type bits | change bit), or -1. */
LSM_API int lsm_stream_reader_flags(lsm_stream_reader* reader);
/* 1 when a write completed since open or the last lsm_stream_reader_mark_as_read, 0 if not, -1. */
LSM_API int lsm_stream_reader_has_new_data(lsm_stream_reader* reader);
/* Acknowledges the current revision (the writer's is_message_read becomes 1). 0 or -1. */
LSM_API int lsm_stream_reader_mark_as_read(lsm_stream_reader* reader);
/* As lsm_stream_writer_set_lock_timeout_ms, for reads. */
LSM_API int lsm_stream_reader_set_lock_timeout_ms(lsm_stream_reader* reader, int64_t milliseconds);
/* 1 when the name no longer leads to the segment this reader maps: a restarted writer re-created
 * it (reopen to see its data) or it was removed. 0 if not, -1 on error. */
LSM_API int lsm_stream_reader_is_stale(lsm_stream_reader* reader);
/* Following a re-created stream: when the name now leads to another object (a restarted
 * writer re-created it), maps that one, whole (its size may differ: lsm_stream_reader_size and
 * reads follow it), in place of the reader's own, and counts every write to it as new data.
 * Returns 1 followed; 0 nothing to follow (the name still leads here, or it leads nowhere or
 * to an object not yet sized: the reader keeps its segment, call again later); -1 on error.
 * Calls of other threads on the reader wait for the switch and go on with the new segment; one
 * waiting for the old segment's lock is not cut short (then 0: the switch waits for it to end).
 * Each call opens the name (shm_open + fstat): call it when a read found nothing new, at most
 * every millisecond or so. Not from inside another call on the same reader. */
LSM_API int lsm_stream_reader_follow(lsm_stream_reader* reader);
/* As lsm_stream_writer_close, for a reader. */
LSM_API void lsm_stream_reader_close(lsm_stream_reader* reader);
/* Closes (if not closed) and frees; a non-persistent reader removes the name. NULL is ignored. */
LSM_API void lsm_stream_reader_free(lsm_stream_reader* reader);

/* Blocking waits. They sleep in the kernel where the platform allows it (Linux: a futex on
 * the shared mapping), woken by this library's writers and readers in any process; a peer that
 * wakes nobody (the C++ library, a platform without cross-process address waits) is noticed
 * within 100 ms, within 10 ms once it has shown itself to the handle (a change that came
 * without a wake-up). timeout_ms < 0 waits without end. They answer LSM_WAIT_READY, LSM_WAIT_TIMEOUT
 * or LSM_RESULT_ERROR (LSM_ERR_CLOSED when another thread closes the handle meanwhile).
 * Until lsm_stream_reader_has_new_data is 1: */
#define LSM_WAIT_READY 1
#define LSM_WAIT_TIMEOUT 0
LSM_API int lsm_stream_reader_wait_new_data(lsm_stream_reader* reader, int64_t timeout_ms);
/* Until lsm_stream_writer_is_message_read is 1: */
LSM_API int lsm_stream_writer_wait_for_read(lsm_stream_writer* writer, int64_t timeout_ms);

/* Dead lock holders. The lock word's value (0 free; 0x80000000|pid a process of this library;
 * 0x80000000 alone: unlocked by force, not yet taken over; anything else, e.g. upstream's 1,
 * a process of unknown identity), or -1 on error. */
LSM_API int64_t lsm_stream_writer_lock_holder(lsm_stream_writer* writer);
LSM_API int64_t lsm_stream_reader_lock_holder(lsm_stream_reader* reader);
/* Takes the stream lock away from its holder — ONLY when that holder is known to be dead: a
 * live one would go on unprotected. The lock is taken over at once and left free. Returns the
 * value replaced (0: it was free and stays free), or -1 on error. */
LSM_API int64_t lsm_stream_writer_force_unlock(lsm_stream_writer* writer);
LSM_API int64_t lsm_stream_reader_force_unlock(lsm_stream_reader* reader);
/* As lsm_stream_*_force_unlock, but only while the lock word still holds `expected` (the value
 * lsm_stream_*_lock_holder returned when the caller checked the holder): one compare-and-swap,
 * so a holder that took the lock since is never forced out. Returns the value found: `expected`
 * when it was forced (0: free, nothing done), another value when the lock changed hands
 * meanwhile (nothing done: check the new holder), or -1 on error. */
LSM_API int64_t lsm_stream_writer_force_unlock_if(lsm_stream_writer* writer, uint32_t expected);
LSM_API int64_t lsm_stream_reader_force_unlock_if(lsm_stream_reader* reader, uint32_t expected);

/* ---- SharedMemoryQueue (WIRE.md §3) ----
 * A bounded FIFO of byte messages shared by any number of producer and consumer processes.
 * Each handle may enqueue and dequeue; "create" is upstream's isWriter = true. */

typedef struct lsm_queue lsm_queue;

/* Creates the queue segment (replacing an existing one) and writes its header. NULL on
 * failure: LSM_ERR_INVALID_SIZE for capacity 0, max_message_size 0 or a size that overflows. */
LSM_API lsm_queue* lsm_queue_create(const char* name, uint32_t capacity, uint32_t max_message_size, int persistent);
LSM_API lsm_queue* lsm_queue_create_with_mode(const char* name, uint32_t capacity, uint32_t max_message_size,
                                              int persistent, unsigned mode);
/* Opens an existing queue of this geometry (LSM_ERR_INVALID_ARGUMENT if its header differs). */
LSM_API lsm_queue* lsm_queue_open(const char* name, uint32_t capacity, uint32_t max_message_size, int persistent);
/* Opens an existing queue, taking the geometry from its header (checked against the real size). */
LSM_API lsm_queue* lsm_queue_open_existing(const char* name, int persistent);
/* Opens the queue when it exists, else creates it, as lsm_open_or_create; never replaces one.
 * The creator writes the geometry last; the others wait for it (5 s, then LSM_ERR_CORRUPT).
 * LSM_ERR_INVALID_SIZE when it exists with another geometry. *created (if not NULL) tells. */
LSM_API lsm_queue* lsm_queue_open_or_create(const char* name, uint32_t capacity, uint32_t max_message_size,
                                            int persistent, int* created);
/* LSM_ENQUEUED, LSM_FULL, LSM_RESULT_ERROR (LSM_ERR_TOO_LARGE: longer than max_message_size, queue unchanged). */
LSM_API int lsm_queue_enqueue(lsm_queue* queue, const void* data, size_t length);
/* Copies the head message into buffer and removes it: 1 done (*length = its size), 0 empty,
 * -1 error. When it does not fit in buffer_size: LSM_TOO_SMALL_SEE_LENGTH (not an error), *length
 * = the size needed, and the queue is unchanged. */
LSM_API int lsm_queue_dequeue(lsm_queue* queue, void* buffer, size_t buffer_size, size_t* length);
/* As lsm_queue_dequeue, leaving the message in the queue. */
LSM_API int lsm_queue_peek(lsm_queue* queue, void* buffer, size_t buffer_size, size_t* length);
/* Messages in the queue, or -1 on error. */
LSM_API int64_t lsm_queue_size(lsm_queue* queue);
/* Blocking waits, as lsm_stream_reader_wait_new_data (LSM_WAIT_READY, LSM_WAIT_TIMEOUT or
 * LSM_RESULT_ERROR; timeout_ms < 0 waits without end): until the queue holds a message / has
 * room. A queue this library created is woken by its producers (consumers) in any process; one
 * the C++ library created is looked at every 10 ms. Another consumer (producer) may take the
 * message (room) first: a dequeue (enqueue) after READY may still find it empty (full). */
LSM_API int lsm_queue_wait_not_empty(lsm_queue* queue, int64_t timeout_ms);
LSM_API int lsm_queue_wait_not_full(lsm_queue* queue, int64_t timeout_ms);
/* The geometry; 0 for a NULL handle. */
LSM_API uint32_t lsm_queue_capacity(lsm_queue* queue);
LSM_API uint32_t lsm_queue_max_message_size(lsm_queue* queue);
/* How long enqueue, dequeue and peek wait for a queue lock before LSM_ERR_TIMEOUT (default 5000 ms),
 * as lsm_stream_writer_set_lock_timeout_ms: 0, or -1 on error (a negative timeout, a NULL or closed handle). */
LSM_API int lsm_queue_set_lock_timeout_ms(lsm_queue* queue, int64_t milliseconds);
/* Which of a queue's locks (lsm_queue_lock_holder, lsm_queue_force_unlock). */
enum { LSM_QUEUE_PRODUCER_LOCK = 0, LSM_QUEUE_CONSUMER_LOCK = 1 };
/* The value of a queue lock word (as lsm_stream_writer_lock_holder), or -1 on error. */
LSM_API int64_t lsm_queue_lock_holder(lsm_queue* queue, int which);
/* Takes that lock away from its holder — ONLY when the holder is known to be dead — and repairs
 * an enqueue or dequeue it left half-done, holding both locks. Returns the value replaced (0: it
 * was free, nothing done), or -1: LSM_ERR_TIMEOUT when the other lock could not be taken in the
 * lock timeout (the forced lock is then repaired by the next operation that gets both). */
LSM_API int64_t lsm_queue_force_unlock(lsm_queue* queue, int which);
/* As lsm_queue_force_unlock, only while that lock word still holds `expected`, as
 * lsm_stream_writer_force_unlock_if: the value found (`expected` when forced), or -1. */
LSM_API int64_t lsm_queue_force_unlock_if(lsm_queue* queue, int which, uint32_t expected);
/* 1 when the name no longer leads to this queue's segment (re-created elsewhere or removed), 0 if not, -1. */
LSM_API int lsm_queue_is_stale(lsm_queue* queue);
/* As lsm_stream_reader_follow, for a consumer: maps the queue the name leads to now, its
 * geometry from its header (lsm_queue_capacity and lsm_queue_max_message_size change with it),
 * but only once this queue is empty, so that its messages are consumed first. 1 followed; 0
 * nothing to follow (not re-created; or the new queue is not there or its geometry not written
 * yet; or messages are left here); -1 on error. */
LSM_API int lsm_queue_follow(lsm_queue* queue);
/* Removes the queue's name from the OS. 0 or -1. */
LSM_API int lsm_queue_destroy(lsm_queue* queue);
/* As lsm_stream_writer_close: waits for calls in other threads, unmaps (a non-persistent queue
 * removes its name); later calls fail with LSM_ERR_CLOSED until lsm_queue_free. */
LSM_API void lsm_queue_close(lsm_queue* queue);
/* Closes (if not closed) and frees the handle; a non-persistent handle removes its name here. */
LSM_API void lsm_queue_free(lsm_queue* queue);
/* As lsm_queue_enqueue, waiting at most ~50 us for the lock (as lsm_stream_writer_try_write). */
LSM_API int lsm_queue_try_enqueue(lsm_queue* queue, const void* data, size_t length);
/* Enqueues UTF-16 text (`count` code units) as the message of its UTF-8 bytes, encoded straight
 * into the queue (as lsm_stream_writer_write_utf16). Results as lsm_queue_enqueue, for the UTF-8
 * size (LSM_ERR_TOO_LARGE when that exceeds the max message size). */
LSM_API int lsm_queue_enqueue_utf16(lsm_queue* queue, const uint16_t* chars, size_t count);
/* As lsm_queue_enqueue_utf16, waiting for the lock as lsm_queue_try_enqueue does. */
LSM_API int lsm_queue_try_enqueue_utf16(lsm_queue* queue, const uint16_t* chars, size_t count);
/* The head message into buffer, removed when `remove` is 1, waiting at most ~50 us for the
 * lock: its length, LSM_RESULT_EMPTY, LSM_RESULT_ERROR (LSM_ERR_TIMEOUT, ...), or
 * LSM_TOO_SMALL(length) when it does not fit buffer_size (queue unchanged, not an error: size
 * the buffer and call again). One return value, no out-parameter. */
LSM_API int64_t lsm_queue_try_take(lsm_queue* queue, int remove, void* buffer, size_t buffer_size);

/* ---- batches: many messages in one call ----
 * Packed records: each message as [uint32_t length, native byte order][length bytes], the next
 * record right after it (no padding, no alignment), as many as the call says. */

/* Enqueues the `count` records packed in records[0, used) in order, until the queue is full: the
 * number enqueued (count when all were). LSM_RESULT_ERROR: a record overruns `used`
 * (LSM_ERR_INVALID_ARGUMENT) or a message is longer than max_message_size (LSM_ERR_TOO_LARGE);
 * the records before it stay enqueued. */
LSM_API int64_t lsm_queue_enqueue_packed(lsm_queue* queue, const void* records, size_t used, uint32_t count);
/* Removes up to `max` messages into buffer[0, size) as packed records, in queue order: the number
 * taken when the queue became empty or `max` were taken; that number + LSM_BATCH_MORE when the
 * next message did not fit the room left (it stays queued: call again); LSM_TOO_SMALL(n) when not
 * even the first record fits (n bytes needed, nothing taken); LSM_RESULT_ERROR. */
LSM_API int64_t lsm_queue_take_packed(lsm_queue* queue, void* buffer, size_t size, uint32_t max);
/* The same two waiting at most ~50 us for each lock (as lsm_queue_try_enqueue). One that fails
 * after moving some messages answers their count + LSM_BATCH_MORE instead (call again for the
 * rest), so LSM_RESULT_ERROR always means nothing was moved. */
LSM_API int64_t lsm_queue_try_enqueue_packed(lsm_queue* queue, const void* records, size_t used, uint32_t count);
LSM_API int64_t lsm_queue_try_take_packed(lsm_queue* queue, void* buffer, size_t size, uint32_t max);

#ifdef __cplusplus
}
#endif

#endif /* LSM_C_H */
