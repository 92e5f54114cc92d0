# Runs every_call() (every array function on float, double, bfloat16 and float16) through
# simdact::dispatch with SIMDACT_ISA=${REQUEST} (unset when empty; through ${LAUNCHER} if given,
# an emulated CPU, say) (DISPATCH, writing dispatch.bin) and through the header-only file built
# for ${ISA} (HEADER, writing ${ISA}.bin), and fails unless the two are identical byte for byte.
# A cross build runs both through ${EMULATOR} ("|"-separated, like LAUNCHER). ctest skips the
# test when the CPU lacks the set (HEADER prints "skipping").

string(REPLACE "|" ";" emulator "${EMULATOR}")
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
execute_process(COMMAND ${emulator} "${HEADER}" "${DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${HEADER} failed: ${rc}")
endif()
if(NOT EXISTS "${DIR}/${ISA}.bin")
  return() # skipped: this CPU cannot run ${ISA}
endif()
if(REQUEST STREQUAL "")
  set(env --unset=SIMDACT_ISA)
else()
  set(env "SIMDACT_ISA=${REQUEST}")
endif()
string(REPLACE "|" ";" launcher "${LAUNCHER}")
execute_process(COMMAND "${CMAKE_COMMAND}" -E env ${env} ${emulator} ${launcher} "${DISPATCH}" "${DIR}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${DISPATCH} failed (${env} ${LAUNCHER}): ${rc}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${DIR}/${ISA}.bin"
                        "${DIR}/dispatch.bin" RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "simdact::dispatch (${env} ${LAUNCHER}) differs from the header-only "
                      "build for ${ISA}")
endif()
message(STATUS "simdact::dispatch (${env} ${LAUNCHER}) is bit-identical to the header-only "
               "build for ${ISA}")
