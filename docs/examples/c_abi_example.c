/* docs/c-abi.md's example: a segment through the libsharedmemory-compatible block, then a stream
 * through the extensions, with their error handling. Takes a name prefix as its first argument. */
#include <stdio.h>
#include <string.h>

#include "lsm_c.h"

static int fail(const char* what) {
    fprintf(stderr, "%s: error %d: %s\n", what, lsm_last_error(), lsm_last_error_message());
    return 1;
}

int main(int argc, char** argv) {
    const char* prefix = argc > 1 ? argv[1] : "example";
    char name[64];

    /* A raw segment of 4096 bytes; persistent = 0: lsm_free removes the name. */
    snprintf(name, sizeof name, "%s_segment", prefix);
    lsm_memory* memory = lsm_create(name, 4096, 0);
    if (memory == NULL) return fail("lsm_create");
    strcpy((char*) lsm_data(memory), "hello from C");
    printf("segment '%s': %zu bytes, \"%s\"\n", name, lsm_size(memory), (const char*) lsm_data(memory));
    lsm_free(memory);

    /* A stream: a writer and a reader of the same name and size. */
    snprintf(name, sizeof name, "%s_stream", prefix);
    lsm_stream_writer* writer = lsm_stream_writer_create(name, 1024, 0);
    if (writer == NULL) return fail("lsm_stream_writer_create");
    lsm_stream_reader* reader = lsm_stream_reader_open(name, 1024, 0);
    if (reader == NULL) return fail("lsm_stream_reader_open");

    const char* text = "{ \"celsius\": 21.5 }";
    if (lsm_stream_writer_write(writer, LSM_STREAM_STRING, text, strlen(text)) != 0) return fail("write");

    char payload[1024 - LSM_STREAM_HEADER_SIZE];
    int64_t size = lsm_stream_reader_read(reader, payload, sizeof payload);
    if (LSM_IS_TOO_SMALL(size)) { /* not an error: nothing copied, the payload needs more room */
        fprintf(stderr, "read: the payload needs %lld bytes\n", (long long) LSM_NEEDED_SIZE(size));
        return 1;
    }
    if (size < 0) return fail("read");
    printf("stream '%s': %.*s\n", name, (int) size, payload);

    /* Too large for the payload area: refused, nothing written. */
    static char huge[2048];
    if (lsm_stream_writer_write(writer, LSM_STREAM_STRING, huge, sizeof huge) != 0 && lsm_last_error() == LSM_ERR_TOO_LARGE)
        printf("refused: %s\n", lsm_last_error_message());

    lsm_stream_reader_free(reader); /* not persistent: removes the name */
    lsm_stream_writer_free(writer);
    return 0;
}
