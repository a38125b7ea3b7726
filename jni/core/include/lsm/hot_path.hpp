// LSM_HOT_INLINE: for the few functions on a call's uncontended path (a C ABI entry, its guard,
// the stream and queue steps, the lock's CAS). GCC's heuristics left the stream read's steps
// out of line in the C ABI entry (a second frame: 6 pushes, 6 pops, spilled arguments);
// forcing them in makes each entry one function. The refusals they throw stay out of line.
#pragma once

//
// LSM_HOT_LAMBDA: the same for a lambda on that path, written after its parameter list
// (`[&]() LSM_HOT_LAMBDA -> int {...}`). A lambda type used by two entry points (a read and its
// try twin) was otherwise compiled once, out of line, for both: +26 instructions a read.
#if defined(__GNUC__) || defined(__clang__)
#define LSM_HOT_INLINE [[gnu::always_inline]] inline
#define LSM_HOT_LAMBDA __attribute__((always_inline))
#elif defined(_MSC_VER)
#define LSM_HOT_INLINE __forceinline
#define LSM_HOT_LAMBDA
#else
#define LSM_HOT_INLINE inline
#define LSM_HOT_LAMBDA
#endif
