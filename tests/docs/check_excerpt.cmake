# cmake -DQUOTE=<file> -DSOURCE=<file> -DWHERE=<doc:line> -P check_excerpt.cmake
# Fails unless the text quoted in the documentation occurs verbatim in SOURCE.
file(READ "${QUOTE}" quote)
file(READ "${SOURCE}" source)
string(FIND "${source}" "${quote}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${WHERE}: the block no longer matches ${SOURCE}; copy it again from there:\n"
                      "${quote}")
endif()
