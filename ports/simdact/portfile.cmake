# Feature dispatch: the compiled library simdact::dispatch. Without it, header-only: one
# (release) configuration is all there is to install.
vcpkg_check_features(OUT_FEATURE_OPTIONS FEATURE_OPTIONS FEATURES dispatch SIMDACT_BUILD_DISPATCH)
if(NOT "dispatch" IN_LIST FEATURES)
    set(VCPKG_BUILD_TYPE release)
endif()

# BEGIN source step
# This overlay port installs the simdact checkout it lives in (ports/simdact/../..), at whatever
# commit that is, without downloading anything. A registry port for a release replaces this step
# with vcpkg_from_github: cmake/make_registry_port.cmake generates it (see RELEASING.md).
get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
if(NOT EXISTS "${SOURCE_PATH}/include/simdact/version.hpp" OR NOT EXISTS "${SOURCE_PATH}/CMakeLists.txt")
    message(FATAL_ERROR "This port builds the simdact checkout that contains it, but ${SOURCE_PATH} "
                        "is not one. Use it as an overlay from inside the checkout "
                        "(--overlay-ports=<checkout>/ports), or a generated registry port.")
endif()
# END source step

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DSIMDACT_BUILD_TESTS=OFF
        -DSIMDACT_BUILD_BENCHMARKS=OFF
        -DSIMDACT_BUILD_EXAMPLES=OFF
        -DSIMDACT_FETCH_XSIMD=OFF
        -DSIMDACT_INSTALL=ON
        -DSIMDACT_INSTALL_CMAKEDIR=share/${PORT}
        ${FEATURE_OPTIONS}
)

vcpkg_cmake_install()

vcpkg_cmake_config_fixup()
vcpkg_fixup_pkgconfig()

# The licence goes to share/simdact/copyright instead; of the debug tree only the library.
file(REMOVE_RECURSE
    "${CURRENT_PACKAGES_DIR}/share/doc"
    "${CURRENT_PACKAGES_DIR}/debug/include"
    "${CURRENT_PACKAGES_DIR}/debug/share"
)
if(NOT "dispatch" IN_LIST FEATURES)
    file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug")
endif()

vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
