# cmake -DSOURCE=... -DBINARY=... -DMODE=find_package|add_subdirectory|fetchcontent [-DPREFIX=...]
#       -DPODCORE_SOURCE_DIR=... -DC=... -DCXX=... -DGENERATOR=... -DMAKE_PROGRAM=...
#       [-DLDFLAGS=...] [-DBUILD_TYPE=...] [-DCONFIGURE_ONLY=ON]
#       -P build_project.cmake
# Configures (and builds) tests/consumer/project as a user's project would.
# Only the two programs are built (and, as a subdirectory, what they need:
# the library and the helper programs it runs), not podcore's podctl.
if(NOT DEFINED BUILD_TYPE)
  set(BUILD_TYPE RelWithDebInfo)
endif()
file(REMOVE_RECURSE ${BINARY})
set(args -S ${SOURCE} -B ${BINARY} -G ${GENERATOR} -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}
    -DCONSUMER_MODE=${MODE}
    -DCMAKE_C_COMPILER=${C} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
    -DPODCORE_SOURCE_DIR=${PODCORE_SOURCE_DIR} "-DCMAKE_EXE_LINKER_FLAGS=${LDFLAGS}")
if(MODE STREQUAL "find_package")
  # Only our prefix: a podcore installed on the machine must not be found instead.
  list(APPEND args -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
       -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_CMAKE_SYSTEM_PATH=OFF
       -DCMAKE_FIND_USE_SYSTEM_ENVIRONMENT_PATH=OFF)
endif()
execute_process(COMMAND ${CMAKE_COMMAND} ${args} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed")
endif()
if(MODE STREQUAL "find_package")
  file(STRINGS ${BINARY}/CMakeCache.txt dir REGEX "^podcore_DIR:")
  if(NOT dir MATCHES "${PREFIX}/lib/cmake/podcore")
    message(FATAL_ERROR "found podcore elsewhere: ${dir}")
  endif()
endif()
if(MODE MATCHES "^(add_subdirectory|fetchcontent)$")
  # No test and no install rule of podcore's may come along.
  execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${BINARY} -N
                  OUTPUT_VARIABLE tests RESULT_VARIABLE rc)
  if(NOT tests MATCHES "Total Tests: 0")
    message(FATAL_ERROR "podcore's tests came along:\n${tests}")
  endif()
  set(empty ${BINARY}/install-check)
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY} --prefix ${empty}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  file(GLOB_RECURSE installed ${empty}/*)
  if(NOT rc EQUAL 0 OR installed)
    message(FATAL_ERROR "podcore installs things when it is a subdirectory: ${out} ${installed}")
  endif()
endif()
if(CONFIGURE_ONLY)
  return()
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY} --target consumer_cxx consumer_c
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build failed")
endif()
