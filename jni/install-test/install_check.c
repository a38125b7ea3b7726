/* A C program built against an installed libsharedmemory-java (lsm_c.h + the shared library),
 * as a user would build it: writes a segment, reads it back through a second handle, removes it,
 * and checks that a bad name is refused with an error code. Exit 0 when all of that worked.
 * Built and run by scripts/c-abi-install-test.sh via pkg-config and via CMake find_package. */
#include <lsm_c.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
    const char* name = argc > 1 ? argv[1] : "lsm_install_check";
    const char message[] = "hello from an installed C ABI";
    lsm_memory* writer = lsm_create(name, 4096, 1);
    if (writer == NULL) {
        fprintf(stderr, "lsm_create(%s) failed: %s\n", name, lsm_last_error_message());
        return 1;
    }
    memcpy(lsm_data(writer), message, sizeof message);
    lsm_memory* reader = lsm_open(name, 4096, 1);
    int ok = reader != NULL && lsm_size(reader) >= 4096 && memcmp(lsm_data(reader), message, sizeof message) == 0;
    lsm_free(reader);
    lsm_destroy(writer);
    lsm_free(writer);
    if (!ok) {
        fprintf(stderr, "the second handle did not read what the first wrote\n");
        return 1;
    }
    if (lsm_create("bad/name", 4096, 1) != NULL || lsm_last_error() != LSM_ERR_INVALID_NAME) {
        fprintf(stderr, "a name with '/' was not refused with LSM_ERR_INVALID_NAME\n");
        return 1;
    }
    printf("install_check: read back '%s'\n", message);
    return 0;
}
