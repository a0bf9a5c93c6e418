// Runtime choice between the generic (SSE2) and the x86-64-v4 (AVX-512) build of the agent
// kernels.
//
// The project builds for baseline x86-64 (no -march=native, for one binary that runs anywhere).
// The agent kernels are integer-only (Philox, byte selects, counts), so a copy compiled for
// x86-64-v4 gives the same bits as the generic one and can be chosen at run time: on CPUs with
// AVX-512 it runs 4 to 8 times as many lanes per instruction. Floating-point code is never
// cloned, so results stay identical across CPUs.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AIDIVIDE_HAVE_WIDE_KERNELS 1
#define AIDIVIDE_TARGET_WIDE [[gnu::target("arch=x86-64-v4")]]
#else
#define AIDIVIDE_HAVE_WIDE_KERNELS 0
#define AIDIVIDE_TARGET_WIDE
#endif

// Kernel bodies are force-inlined into each variant, so each is compiled for that variant's ISA.
#define AIDIVIDE_KERNEL_INLINE [[gnu::always_inline]] inline

namespace sim {

// True when the wide variant runs: built with it, the CPU and the OS support AVX-512 (F, BW,
// CD, DQ, VL) and the environment variable AIDIVIDE_KERNELS is not "generic" (for tests and
// comparisons). Evaluated once.
bool wide_kernels();

}  // namespace sim
