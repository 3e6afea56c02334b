# cmake -DBUILD_DIR=... -DPREFIX=... -P install_prefix.cmake
# Installs the build into a fresh PREFIX and checks what is there: the
# library, the public headers only, the CMake package, podcore.pc and the
# helper programs; no static archive, no internal header.
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
foreach(f lib/libpodcore.so lib/libpodcore.so.1 include/podcore/podcore.h
          include/podcore/podcore.hpp lib/cmake/podcore/podcoreConfig.cmake
          lib/cmake/podcore/podcoreConfigVersion.cmake lib/cmake/podcore/podcoreTargets.cmake
          lib/pkgconfig/podcore.pc libexec/podcore/podcore-monitor libexec/podcore/podcore-pause
          bin/podctl)
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB_RECURSE archives ${PREFIX}/*.a)
file(GLOB_RECURSE headers RELATIVE ${PREFIX}/include ${PREFIX}/include/*)
list(SORT headers)
if(archives OR NOT headers STREQUAL "podcore/podcore.h;podcore/podcore.hpp")
  message(FATAL_ERROR "installed more than the public API: ${archives} ${headers}")
endif()
file(READ ${PREFIX}/lib/cmake/podcore/podcoreTargets.cmake targets)
if(targets MATCHES "podcore_(base|manifest|cgroup|net|sandbox|pod)")
  message(FATAL_ERROR "the exported target refers to an internal library")
endif()
message(STATUS "installed into ${PREFIX}")
