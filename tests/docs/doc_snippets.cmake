# Turns the code blocks of the Markdown documentation into build targets and tests (label
# "docs"), so that no example in README.md or docs/*.md can rot. What happens to a block depends
# on an HTML comment on the line right before its opening fence (invisible on GitHub):
#
#   ```cpp                   no comment: a whole translation unit, compiled; linked and run
#                            when it defines main
#   <!-- cpp: in main        statements; the lines after "in main" (hidden set-up code) and
#   ...set-up... -->         the block become the body of a function that the file's test runs
#   <!-- cpp: at namespace scope
#   ...set-up... -->         declarations, compiled after the set-up code
#   <!-- cpp: not compiled: REASON -->
#                            left out, for the reason given (e.g. it needs other -m flags)
#   <!-- excerpt: PATH -->   any language: the block must occur verbatim in PATH (a file that
#                            is itself compiled and tested, e.g. an example)
#   <!-- excerpt: PATH, also compiled here -->
#                            C++ that the blocks after it use: also compiled at namespace scope
#   <!-- output: examples/NAME.cpp -->
#                            the block must be exactly what that example program prints
#
# Blocks in other languages without a comment (sh, cmake, json) are not checked here.
# Statements and declarations of one Markdown file share one translation unit, so the whole
# documentation costs a few compilations. #line directives point compiler errors at the
# Markdown file.

# Writes content to path only when it changed, so a reconfigure rebuilds nothing needlessly.
function(simdact_doc_write path content)
  file(WRITE "${path}.new" "${content}")
  configure_file("${path}.new" "${path}" COPYONLY)
  file(REMOVE "${path}.new")
endfunction()

# Reads one Markdown file. Sets in the caller's scope:
#   <prefix>_fragments   C++ source of every "in main" and "at namespace scope" block, with a main
#   <prefix>_programs    line numbers of the whole-program blocks; <prefix>_program_<line> holds
#                        the source of each
#   <prefix>_excerpts    line numbers of excerpt blocks; <prefix>_excerpt_<line>_path,
#                        <prefix>_excerpt_<line>_text
#   <prefix>_outputs     the same for output blocks
function(simdact_doc_parse md prefix)
  file(READ "${md}" text)
  string(APPEND text "\n")
  string(LENGTH "${text}" length)
  set(pos 0)
  set(line_no 0)
  set(state "text") # text | comment | code
  set(marker "")
  set(functions "")
  set(calls "")
  set(programs "")
  set(excerpts "")
  set(outputs "")
  while(pos LESS length)
    string(SUBSTRING "${text}" ${pos} -1 rest)
    string(FIND "${rest}" "\n" eol)
    string(SUBSTRING "${rest}" 0 ${eol} line)
    math(EXPR pos "${pos} + ${eol} + 1")
    math(EXPR line_no "${line_no} + 1")

    if(state STREQUAL "code")
      if(line STREQUAL "```")
        set(state "text")
        if(block_marker MATCHES "^excerpt: *([^ ,]+)")
          list(APPEND excerpts ${block_line})
          set(${prefix}_excerpt_${block_line}_path "${CMAKE_MATCH_1}" PARENT_SCOPE)
          set(${prefix}_excerpt_${block_line}_text "${code}" PARENT_SCOPE)
          if(block_marker MATCHES "also compiled here")
            string(APPEND functions "\n#line ${block_line} \"${md}\"\n${code}")
          endif()
        elseif(block_marker MATCHES "^output: *([^ ,]+)")
          list(APPEND outputs ${block_line})
          set(${prefix}_output_${block_line}_path "${CMAKE_MATCH_1}" PARENT_SCOPE)
          set(${prefix}_output_${block_line}_text "${code}" PARENT_SCOPE)
        elseif(block_marker MATCHES "^cpp: *in main")
          string(APPEND functions "\nstatic void snippet_${block_line}() {\n"
                 "#line ${setup_line} \"${md}\"\n${setup}"
                 "#line ${block_line} \"${md}\"\n${code}}\n")
          string(APPEND calls "  snippet_${block_line}();\n")
        elseif(block_marker MATCHES "^cpp: *at namespace scope")
          string(APPEND functions "\nnamespace snippet_${block_line} {\n"
                 "#line ${setup_line} \"${md}\"\n${setup}"
                 "#line ${block_line} \"${md}\"\n${code}} // namespace snippet_${block_line}\n")
        elseif(block_marker MATCHES "^cpp: *not compiled: *[^ ]")
          # Left out on purpose, with the reason in the comment (e.g. it needs other flags).
        elseif(block_marker STREQUAL "" AND block_lang STREQUAL "cpp")
          list(APPEND programs ${block_line})
          set(${prefix}_program_${block_line} "#line ${block_line} \"${md}\"\n${code}"
              PARENT_SCOPE)
        elseif(NOT block_marker STREQUAL "")
          message(FATAL_ERROR "${md}:${block_line}: unknown snippet comment '${block_marker}'")
        endif()
      else()
        string(APPEND code "${line}\n")
      endif()
    elseif(state STREQUAL "comment")
      string(FIND "${line}" "-->" close)
      if(close EQUAL -1)
        string(APPEND setup "${line}\n")
      else()
        string(SUBSTRING "${line}" 0 ${close} before)
        if(NOT before STREQUAL "")
          string(APPEND setup "${before}\n")
        endif()
        set(state "text")
        set(marker_ends ${line_no})
      endif()
    elseif(line MATCHES "^```([a-z]*)$")
      set(state "code")
      set(block_lang "${CMAKE_MATCH_1}")
      math(EXPR block_line "${line_no} + 1")
      set(code "")
      set(block_marker "")
      math(EXPR previous "${line_no} - 1")
      if(DEFINED marker_ends AND marker_ends EQUAL previous)
        set(block_marker "${marker}")
      endif()
    elseif(line MATCHES "^<!-- *((cpp|excerpt|output):[^>]*)$")
      # A snippet comment whose set-up code follows on the next lines.
      string(STRIP "${CMAKE_MATCH_1}" marker)
      set(state "comment")
      set(setup "")
      math(EXPR setup_line "${line_no} + 1")
    elseif(line MATCHES "^<!-- *((cpp|excerpt|output):.*) *-->$")
      string(STRIP "${CMAKE_MATCH_1}" marker)
      set(setup "")
      set(setup_line ${line_no})
      set(marker_ends ${line_no})
    endif()
  endwhile()
  if(NOT state STREQUAL "text")
    message(FATAL_ERROR "${md}: unterminated ${state} at the end of the file")
  endif()

  set(fragments "")
  if(NOT functions STREQUAL "")
    string(CONCAT fragments "// Generated from ${md} by tests/docs/doc_snippets.cmake; do not edit.\n"
                  "#include <simdact/simdact.hpp>\n\n#include <array>\n#include <cmath>\n"
                  "#include <cstddef>\n#include <cstdio>\n#include <limits>\n"
                  "#include <stdexcept>\n#include <string>\n#include <vector>\n${functions}\nint main() {\n${calls}}\n")
  endif()
  set(${prefix}_fragments "${fragments}" PARENT_SCOPE)
  set(${prefix}_programs "${programs}" PARENT_SCOPE)
  set(${prefix}_excerpts "${excerpts}" PARENT_SCOPE)
  set(${prefix}_outputs "${outputs}" PARENT_SCOPE)
endfunction()
