// LSM_HOT_INLINE: for the few functions on a call's uncontended path (a C ABI entry, its guard,
// the stream and queue steps, the lock's CAS). GCC's heuristics left the stream read's steps
// out of line in the C ABI entry (a second frame: 6 pushes, 6 pops, spilled arguments);
// forcing them in makes each entry one function. The refusals they throw stay out of line.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define LSM_HOT_INLINE [[gnu::always_inline]] inline
#elif defined(_MSC_VER)
#define LSM_HOT_INLINE __forceinline
#else
#define LSM_HOT_INLINE inline
#endif
