# Header-only: one (release) configuration is all there is to install.
set(VCPKG_BUILD_TYPE release)

vcpkg_from_github(
    OUT_SOURCE_PATH SOURCE_PATH
    REPO simdact/simdact
    REF "v${VERSION}"
    # Hash of the v${VERSION} release archive; replace when tagging (vcpkg prints the actual
    # value when this one does not match).
    SHA512 0
    HEAD_REF main
)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DSIMDACT_BUILD_TESTS=OFF
        -DSIMDACT_BUILD_BENCHMARKS=OFF
        -DSIMDACT_BUILD_EXAMPLES=OFF
        -DSIMDACT_FETCH_XSIMD=OFF
        -DSIMDACT_INSTALL=ON
        -DSIMDACT_INSTALL_CMAKEDIR=share/${PORT}
)

vcpkg_cmake_install()

vcpkg_cmake_config_fixup()
vcpkg_fixup_pkgconfig()

# The licence goes to share/simdact/copyright instead; no libraries, so no debug tree.
file(REMOVE_RECURSE
    "${CURRENT_PACKAGES_DIR}/share/doc"
    "${CURRENT_PACKAGES_DIR}/debug"
)

vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
