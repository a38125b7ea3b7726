// Thread-locals on hot paths: initial-exec TLS on ELF is one instruction to reach, also in a
// dlopen()ed library (glibc keeps static TLS room for a few such variables), instead of a
// __tls_get_addr call. Declare them constinit too, so no access checks for initialization.
#pragma once

#if defined(__ELF__)
#define LSM_FAST_TLS [[gnu::tls_model("initial-exec")]]
#else
#define LSM_FAST_TLS
#endif
