# FindLibNL3: libnl-3.0 and libnl-route-3.0 through pkg-config.
# Defines the imported targets LibNL3::nl and LibNL3::route.
find_package(PkgConfig QUIET)
pkg_check_modules(PC_LIBNL3 QUIET libnl-3.0)
pkg_check_modules(PC_LIBNL3_ROUTE QUIET libnl-route-3.0)
find_path(LibNL3_INCLUDE_DIR netlink/netlink.h
          HINTS ${PC_LIBNL3_INCLUDE_DIRS} PATH_SUFFIXES libnl3)
find_library(LibNL3_LIBRARY NAMES nl-3 HINTS ${PC_LIBNL3_LIBRARY_DIRS})
find_library(LibNL3_ROUTE_LIBRARY NAMES nl-route-3
             HINTS ${PC_LIBNL3_ROUTE_LIBRARY_DIRS})
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibNL3
  REQUIRED_VARS LibNL3_LIBRARY LibNL3_ROUTE_LIBRARY LibNL3_INCLUDE_DIR
  VERSION_VAR PC_LIBNL3_VERSION)
if(LibNL3_FOUND AND NOT TARGET LibNL3::nl)
  add_library(LibNL3::nl UNKNOWN IMPORTED)
  set_target_properties(LibNL3::nl PROPERTIES
    IMPORTED_LOCATION "${LibNL3_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibNL3_INCLUDE_DIR}")
  add_library(LibNL3::route UNKNOWN IMPORTED)
  set_target_properties(LibNL3::route PROPERTIES
    IMPORTED_LOCATION "${LibNL3_ROUTE_LIBRARY}"
    INTERFACE_LINK_LIBRARIES LibNL3::nl)
endif()
mark_as_advanced(LibNL3_INCLUDE_DIR LibNL3_LIBRARY LibNL3_ROUTE_LIBRARY)
