# Fails if the disassembly of OBJECT calls any function of xsimd: each is meant to inline into
# simdact's loops, and one that does not costs a call per batch (xsimd 8's batch_bool::operator!
# did when g++ ran out of inlining budget in a large translation unit).
#   cmake -DOBJDUMP=objdump -DOBJECT=file.o [-DEXPECT=instruction] -P check_inlined.cmake
# Callees are matched by their mangled names, which start with the function's own namespace
# (_ZN5xsimd..., _ZNK5xsimd... for const members, _ZZN5xsimd... for a lambda inside one): the
# demangled names of simdact's kernels mention xsimd too, in the architecture they carry.
# The object should be compiled with -ffunction-sections, so that a call to a local copy of a
# function (an .isra clone, say) names that function's section instead of .text plus an offset.
execute_process(COMMAND "${OBJDUMP}" -d -r --no-show-raw-insn "${OBJECT}"
                OUTPUT_VARIABLE disassembly RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${OBJDUMP} failed on ${OBJECT}")
endif()
# A call is the relocation of a call or tail-call instruction: R_X86_64_PLT32 on x86-64 (g++ uses
# it for every call), R_AARCH64_CALL26 (bl) and R_AARCH64_JUMP26 (b) on AArch64. A function of
# xsimd has a mangled name starting _ZN5xsimd (_ZNK5xsimd for a const member); simdact's own
# kernels, which may have xsimd types among their template arguments, do not.
set(call_relocation "(R_X86_64_PLT32|R_AARCH64_CALL26|R_AARCH64_JUMP26)")
# Fails, listing them, if the disassembly calls a function whose mangled name matches pattern.
function(fail_on_calls pattern what)
  string(REGEX MATCHALL "${call_relocation}[ \t]+(\\.text\\.)?${pattern}[^\n]*" calls
         "${disassembly}")
  list(LENGTH calls count)
  if(count GREATER 0)
    list(REMOVE_DUPLICATES calls)
    string(REPLACE ";" "\n  " listed "${calls}")
    message(FATAL_ERROR "${count} calls into ${what} that did not inline:\n  ${listed}")
  endif()
endfunction()
fail_on_calls("_ZZ?N[KVRO]*5xsimd" "xsimd (c++filt demangles them)")
# The same for the 16-bit conversions and the loops around them, and for ReLU's 16-bit lane rules
# (half_relu.hpp): calls into them would cost one per batch (g++ 12 left a plain lambda in
# transform_half out of line, flatten or not).
fail_on_calls("_ZZ?N[KVRO]*7simdact6detail(6widen|6narrow|10widen_pair|11narrow_pair|13widen_partial|14narrow_partial|14narrow_results|14transform_half|9load_bits|10store_bits|17load_bits_partial|18store_bits_partial|12relu_on_bits|16forward_elements|17backward_elements|29backward_from_output_elements)I"
              "the 16-bit conversions")
string(REGEX MATCHALL "${call_relocation}" all_calls "${disassembly}")
list(LENGTH all_calls total)
if(total EQUAL 0)
  message(FATAL_ERROR "no call at all in ${OBJECT}: an object for a target this check knows?")
endif()
# EXPECT: an instruction the object must contain (the path the build is meant to take).
if(EXPECT AND NOT disassembly MATCHES "[ \t]${EXPECT}[ \t]")
  message(FATAL_ERROR "no ${EXPECT} in ${OBJECT}")
endif()
message(STATUS "no call into xsimd among the ${total} calls in ${OBJECT}")
