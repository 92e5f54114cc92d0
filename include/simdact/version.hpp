#pragma once

// The project's version lives here and nowhere else; CMakeLists.txt reads it from this file.

#include "detail/config.hpp"

#define SIMDACT_VERSION_MAJOR 0
#define SIMDACT_VERSION_MINOR 1
#define SIMDACT_VERSION_PATCH 0

namespace simdact {
struct version_info {
  int major, minor, patch;
};
inline constexpr version_info version{SIMDACT_VERSION_MAJOR, SIMDACT_VERSION_MINOR,
                                      SIMDACT_VERSION_PATCH};
} // namespace simdact
