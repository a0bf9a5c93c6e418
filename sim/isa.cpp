// Detection of the x86-64-v4 kernel variant (CPUID and XCR0 through the compiler's builtins).
#include "sim/isa.hpp"

#include <cstdlib>
#include <cstring>

namespace sim {

bool wide_kernels() {
  static const bool wide = [] {
    const char* forced = std::getenv("AIDIVIDE_KERNELS");
    if (forced && std::strcmp(forced, "generic") == 0) return false;
#if AIDIVIDE_HAVE_WIDE_KERNELS
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx2") &&
           __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
  }();
  return wide;
}

}  // namespace sim
