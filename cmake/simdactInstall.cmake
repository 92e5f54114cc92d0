# Install rules for simdact: headers, CMake package (config, version, targets), pkg-config file
# and the licence. Included from the top-level CMakeLists.txt when SIMDACT_INSTALL is ON, i.e. by
# default only when simdact is the top-level project.

include(CMakePackageConfigHelpers)

# simdact is header-only, so everything goes below share/ (architecture independent) by default.
# Packagers can move the CMake files, e.g. vcpkg wants them in share/simdact.
set(SIMDACT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/simdact" CACHE STRING
    "Where to install simdactConfig.cmake and friends, relative to the install prefix")
set(SIMDACT_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_DATADIR}/pkgconfig" CACHE STRING
    "Where to install simdact.pc, relative to the install prefix")
# Not CMAKE_INSTALL_DOCDIR: inside another project that cache entry may name that project.
set(SIMDACT_INSTALL_LICENSEDIR "${CMAKE_INSTALL_DATADIR}/doc/simdact" CACHE STRING
    "Where to install simdact's LICENSE, relative to the install prefix")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/simdact"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.hpp")

install(TARGETS simdact EXPORT simdactTargets)
if(TARGET simdact_dispatch) # the optional compiled library, simdact::dispatch
  install(TARGETS simdact_dispatch EXPORT simdactTargets)
endif()
install(EXPORT simdactTargets
        NAMESPACE simdact::
        DESTINATION "${SIMDACT_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/simdactConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/simdactConfig.cmake"
  INSTALL_DESTINATION "${SIMDACT_INSTALL_CMAKEDIR}")
# ARCH_INDEPENDENT: a header-only package fits 32- and 64-bit consumers alike (not so with the
# dispatch library).
if(TARGET simdact_dispatch)
  set(_simdact_arch_independent "")
else()
  set(_simdact_arch_independent ARCH_INDEPENDENT)
endif()
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/simdactConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion
  ${_simdact_arch_independent})
install(FILES
          "${PROJECT_BINARY_DIR}/simdactConfig.cmake"
          "${PROJECT_BINARY_DIR}/simdactConfigVersion.cmake"
          "${CMAKE_CURRENT_LIST_DIR}/simdactFixXsimd.cmake"
        DESTINATION "${SIMDACT_INSTALL_CMAKEDIR}")

# pkg-config: the paths are written relative to the .pc file's own location, so the installed
# tree stays valid after `cmake --install --prefix <elsewhere>` or when copied somewhere else.
if(IS_ABSOLUTE "${SIMDACT_INSTALL_PKGCONFIGDIR}")
  set(_simdact_pc_prefix "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _simdact_pc_up "/_root/${SIMDACT_INSTALL_PKGCONFIGDIR}" "/_root")
  string(REGEX REPLACE "/$" "" _simdact_pc_up "${_simdact_pc_up}")
  set(_simdact_pc_prefix "\${pcfiledir}/${_simdact_pc_up}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(_simdact_pc_includedir "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(_simdact_pc_includedir "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/simdact.pc.in" "${PROJECT_BINARY_DIR}/simdact.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/simdact.pc" DESTINATION "${SIMDACT_INSTALL_PKGCONFIGDIR}")
if(TARGET simdact_dispatch) # next to simdact.pc, which it requires
  if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(_simdact_pc_libdir "${CMAKE_INSTALL_LIBDIR}")
  else()
    set(_simdact_pc_libdir "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  endif()
  configure_file("${CMAKE_CURRENT_LIST_DIR}/simdact-dispatch.pc.in"
                 "${PROJECT_BINARY_DIR}/simdact-dispatch.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/simdact-dispatch.pc"
          DESTINATION "${SIMDACT_INSTALL_PKGCONFIGDIR}")
  unset(_simdact_pc_libdir)
endif()
unset(_simdact_pc_up)
unset(_simdact_pc_prefix)
unset(_simdact_pc_includedir)

install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${SIMDACT_INSTALL_LICENSEDIR}")
