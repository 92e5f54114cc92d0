# Cross-compiles simdact's tests, examples and consumers for 64-bit ARM Linux (NEON) on an x86-64
# Debian/Ubuntu machine, and runs them through qemu:
#
#   apt-get install g++-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user libxsimd-dev catch2
#   cmake -S . -B build/aarch64 --toolchain cmake/toolchains/aarch64-linux-gnu.cmake
#   cmake --build build/aarch64 -j2 && ctest --test-dir build/aarch64
#
# ctest (and CMake's own try_run) run the target's programs through CMAKE_CROSSCOMPILING_EMULATOR,
# so the tests run unchanged. See docs/platforms.md.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(_simdact_triple aarch64-linux-gnu)
find_program(CMAKE_CXX_COMPILER NAMES ${_simdact_triple}-g++ ${_simdact_triple}-g++-12 REQUIRED)
find_program(CMAKE_C_COMPILER NAMES ${_simdact_triple}-gcc ${_simdact_triple}-gcc-12)

# Libraries and headers for the target come from the cross sysroot only. Packages may also come
# from the build machine: xsimd and Catch2 2 are header-only, so the same files serve both.
set(CMAKE_FIND_ROOT_PATH /usr/${_simdact_triple})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# Debian installs xsimd's CMake package under the build machine's multiarch directory
# (lib/x86_64-linux-gnu/cmake), which a search for aarch64 does not look in.
if(NOT DEFINED xsimd_DIR AND EXISTS /usr/lib/x86_64-linux-gnu/cmake/xsimd/xsimdConfig.cmake)
  set(xsimd_DIR /usr/lib/x86_64-linux-gnu/cmake/xsimd CACHE PATH "xsimd's CMake package (header-only)")
endif()

# Those packages put the build machine's /usr/include on the include path. As -isystem it would
# come before the cross compiler's own C and C++ headers and shadow them with the x86-64 ones;
# -idirafter puts it after them, so only what the target lacks (xsimd, Catch2) is taken from it.
set(CMAKE_INCLUDE_SYSTEM_FLAG_CXX "-idirafter ")

find_program(SIMDACT_QEMU_AARCH64 qemu-aarch64)
if(SIMDACT_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${SIMDACT_QEMU_AARCH64} -L /usr/${_simdact_triple})
endif()
