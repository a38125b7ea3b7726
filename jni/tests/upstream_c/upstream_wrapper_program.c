/* A C program as one written for the C wrapper of libsharedmemory 2.0.0 would be: it uses
 * each function of lsm_c.h's first block the way that wrapper documents, and nothing else. It
 * is plain C, built and linked against the shared liblsmjava (ctest: upstream_c_wrapper). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lsm_c.h"

static int failures = 0;

static void expect(int condition, const char* what) {
    if (!condition) {
        fprintf(stderr, "FAILED: %s\n", what);
        failures++;
    }
}

int main(void) {
    char name[64];
    snprintf(name, sizeof name, "lsm_upstream_c_%ld", (long)getpid());
    const size_t size = 1024;

    /* Writer: create, write through lsm_data, close (unmaps), destroy, free. */
    lsm_memory* writer = lsm_create(name, size, 1);
    expect(writer != NULL, "lsm_create returns a handle");
    if (writer == NULL) return 1;
    expect(lsm_size(writer) == size, "lsm_size is the size created");
    char* bytes = (char*)lsm_data(writer);
    expect(bytes != NULL, "lsm_data is the mapping");
    strcpy(bytes, "hello from C");

    /* Reader: open by name and size, read, close, free (persistent: the name stays). */
    lsm_memory* reader = lsm_open(name, size, 1);
    expect(reader != NULL, "lsm_open finds the segment");
    if (reader != NULL) {
        expect(lsm_size(reader) == size, "lsm_size of the reader");
        expect(strcmp((const char*)lsm_data(reader), "hello from C") == 0, "the reader sees the writer's bytes");
        lsm_close(reader);
        expect(lsm_data(reader) == NULL, "lsm_data is NULL after lsm_close");
        expect(lsm_size(reader) == 0, "lsm_size is 0 after lsm_close");
        lsm_free(reader);
    }

    lsm_close(writer);
    lsm_destroy(writer); /* the handle stays valid for lsm_destroy after lsm_close */
    lsm_free(writer);
    expect(lsm_open(name, size, 1) == NULL, "lsm_open fails after lsm_destroy");

    /* Non-persistent: lsm_free removes the name. */
    lsm_memory* transient = lsm_create(name, 64, 0);
    expect(transient != NULL, "lsm_create (not persistent)");
    lsm_free(transient);
    expect(lsm_open(name, 64, 0) == NULL, "a non-persistent segment's name goes with lsm_free");

    if (failures == 0) printf("upstream C wrapper program: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
