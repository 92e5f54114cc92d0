# cmake -DROOT=<source dir> -P check_links.cmake
# Fails when README.md or a page in docs/ links to a file of the repository that does not exist.
file(GLOB pages "${ROOT}/docs/*.md")
set(broken "")
foreach(page "${ROOT}/README.md" ${pages})
  get_filename_component(dir "${page}" DIRECTORY)
  file(READ "${page}" text)
  # Markdown links and images: ](target) where target is not a URL; anchors are dropped.
  # (The brackets go before the matches become a list: CMake does not split a list inside [].)
  string(REGEX MATCHALL "\\]\\([^)]+\\)" links "${text}")
  string(REPLACE "](" "" links "${links}")
  string(REPLACE ")" "" links "${links}")
  foreach(link IN LISTS links)
    string(FIND "${link}" "#" anchor)
    string(SUBSTRING "${link}" 0 ${anchor} target) # the whole link when there is no anchor
    # Not a file: an anchor on the same page, a URL, or C++ such as [](auto t).
    if(target STREQUAL "" OR target MATCHES "^[a-z]+:" OR target MATCHES " ")
      continue()
    endif()
    if(NOT EXISTS "${dir}/${target}")
      file(RELATIVE_PATH rel "${ROOT}" "${page}")
      string(APPEND broken "\n  ${rel}: ${target}")
    endif()
  endforeach()
endforeach()
if(NOT broken STREQUAL "")
  message(FATAL_ERROR "links to files that do not exist:${broken}")
endif()
