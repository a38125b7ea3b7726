// Thread-locals on hot paths: initial-exec TLS on ELF is one instruction to reach, also in a
// dlopen()ed library (glibc keeps static TLS room for a few such variables), instead of a
// __tls_get_addr call. Declare them constinit too, so no access checks for initialization.
#pragma once

//
// Not under UBSan: GCC checks such a variable's address for null with the flags of the `add`
// that computes it, and the linker relaxes that `add` to a `lea`, which sets no flags, so the
// check reads stale flags and reports a null object where there is none.
#if defined(__ELF__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define LSM_FAST_TLS [[gnu::tls_model("initial-exec")]]
#else
#define LSM_FAST_TLS
#endif
