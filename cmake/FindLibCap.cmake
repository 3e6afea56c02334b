# FindLibCap: libcap through pkg-config. Defines the imported target LibCap::cap.
find_package(PkgConfig QUIET)
pkg_check_modules(PC_LIBCAP QUIET libcap)
find_path(LibCap_INCLUDE_DIR sys/capability.h HINTS ${PC_LIBCAP_INCLUDE_DIRS})
find_library(LibCap_LIBRARY NAMES cap HINTS ${PC_LIBCAP_LIBRARY_DIRS})
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibCap
  REQUIRED_VARS LibCap_LIBRARY LibCap_INCLUDE_DIR VERSION_VAR PC_LIBCAP_VERSION)
if(LibCap_FOUND AND NOT TARGET LibCap::cap)
  add_library(LibCap::cap UNKNOWN IMPORTED)
  set_target_properties(LibCap::cap PROPERTIES
    IMPORTED_LOCATION "${LibCap_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibCap_INCLUDE_DIR}")
endif()
mark_as_advanced(LibCap_INCLUDE_DIR LibCap_LIBRARY)
