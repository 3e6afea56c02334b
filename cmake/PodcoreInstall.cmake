# The installed package (issue 7): `cmake --install` puts
#   <libdir>/libpodcore.so.1 (+ the .so link)        the C ABI
#   <includedir>/podcore/podcore.h, podcore.hpp      the public headers
#   <libexecdir>/podcore/podcore-monitor, -pause     found by the library at run time
#   <bindir>/podctl                                  the CLI
#   <libdir>/cmake/podcore/                          podcoreConfig.cmake, ...Version, ...Targets
#   <libdir>/pkgconfig/podcore.pc
# Only the top-level project installs by default (PODCORE_INSTALL): a
# project that add_subdirectory()s or FetchContent()s podcore gets the
# podcore::podcore target and no install rules of ours.
option(PODCORE_INSTALL "Generate podcore's install rules" ${_podcore_top})
if(NOT PODCORE_INSTALL)
  return()
endif()

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PODCORE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/podcore
    CACHE STRING "Where podcoreConfig.cmake is installed (relative to the prefix)")
mark_as_advanced(PODCORE_INSTALL_CMAKEDIR)

# The library: the internal static layers are inside it (linked PRIVATE,
# $<BUILD_INTERFACE:>), so the exported target needs nothing but itself.
install(TARGETS podcore EXPORT podcoreTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/podcore/podcore.h
              ${PROJECT_SOURCE_DIR}/include/podcore/podcore.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/podcore COMPONENT development)

# The helper programs, where base/helper_program.cpp looks for them from
# the installed library (<libdir>/../libexec/podcore by default).
install(TARGETS podcore-monitor podcore-pause
  RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/podcore COMPONENT runtime)
install(TARGETS podctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)

# The CMake package: podcore::podcore, the same name as the in-tree alias.
install(EXPORT podcoreTargets NAMESPACE podcore:: FILE podcoreTargets.cmake
        DESTINATION ${PODCORE_INSTALL_CMAKEDIR} COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/podcoreConfig.cmake.in
  ${PROJECT_BINARY_DIR}/podcoreConfig.cmake
  INSTALL_DESTINATION ${PODCORE_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_LIBEXECDIR)
# The C ABI is stable within a major version (SONAME libpodcore.so.<major>).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/podcoreConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/podcoreConfig.cmake
              ${PROJECT_BINARY_DIR}/podcoreConfigVersion.cmake
        DESTINATION ${PODCORE_INSTALL_CMAKEDIR} COMPONENT development)

# pkg-config: relocatable (prefix from the .pc file's own place), so an
# install with `cmake --install --prefix DIR` works wherever DIR is.
set(_pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH _pc_to_prefix /_prefix/${_pc_dir} /_prefix)
string(REGEX REPLACE "/$" "" _pc_to_prefix "${_pc_to_prefix}")
foreach(_dir LIBDIR INCLUDEDIR LIBEXECDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_dir}}")
    set(_pc_${_dir} "${CMAKE_INSTALL_${_dir}}")
  else()
    set(_pc_${_dir} "\${prefix}/${CMAKE_INSTALL_${_dir}}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/podcore.pc.in ${PROJECT_BINARY_DIR}/podcore.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/podcore.pc DESTINATION ${_pc_dir} COMPONENT development)
