# cmake -DPROGRAM=<exe> -DEXPECTED=<file> -DWHERE=<doc:line> -P check_output.cmake
# Runs PROGRAM and fails unless it exits with 0 and prints exactly the documented output.
execute_process(COMMAND "${PROGRAM}" RESULT_VARIABLE status OUTPUT_VARIABLE got)
file(READ "${EXPECTED}" expected)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${WHERE}: ${PROGRAM} failed (${status})")
endif()
if(NOT got STREQUAL expected)
  message(FATAL_ERROR "${WHERE}: the documented output differs from what ${PROGRAM} prints:\n"
                      "${got}")
endif()
