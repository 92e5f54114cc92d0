# Debian 12's xsimd 8 package exports a target that links a library called "xtl", which that
# package does not provide, so every consumer fails at link time with "-lxtl: not found".
# xsimd's headers do not need xtl; drop the dangling name unless a real xtl target exists.
if(TARGET xsimd AND NOT TARGET xtl)
  get_target_property(_simdact_xsimd_links xsimd INTERFACE_LINK_LIBRARIES)
  if(_simdact_xsimd_links AND "xtl" IN_LIST _simdact_xsimd_links)
    list(REMOVE_ITEM _simdact_xsimd_links xtl)
    set_target_properties(xsimd PROPERTIES INTERFACE_LINK_LIBRARIES "${_simdact_xsimd_links}")
  endif()
  unset(_simdact_xsimd_links)
endif()
