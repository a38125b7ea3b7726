# Fails when the shipped native library exports a benchmark symbol: the benchmarks' hooks live
# in their own library (jni/bench), never in the product. Run by the build after every link
# (target lsmjava_exports, jni/CMakeLists.txt):
#   cmake -DLIBRARY=<file> -DNM=<nm> -DOBJDUMP=<objdump> -P check_exports.cmake
# ELF: nm -D --defined-only; Mach-O: nm -gU; a Windows DLL: the export table of objdump -p
# (x86_64-w64-mingw32-objdump in a cross build). A missing tool skips the check with a warning.
if(LIBRARY MATCHES "\\.dll$")
  set(_tool "${OBJDUMP}")
  set(_args -p)
elseif(LIBRARY MATCHES "\\.dylib$")
  set(_tool "${NM}")
  set(_args -gU)
else()
  set(_tool "${NM}")
  set(_args -D --defined-only)
endif()
if(NOT _tool OR NOT EXISTS "${_tool}")
  find_program(_tool_on_path NAMES nm)
  if(NOT LIBRARY MATCHES "\\.dll$" AND _tool_on_path)
    set(_tool "${_tool_on_path}")
  else()
    message(WARNING "no tool to list the exports of ${LIBRARY}: benchmark-symbol check skipped")
    return()
  endif()
endif()
execute_process(COMMAND "${_tool}" ${_args} "${LIBRARY}" OUTPUT_VARIABLE _listing RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${_tool} ${_args} ${LIBRARY} failed (${_rc})")
endif()
if(LIBRARY MATCHES "\\.dll$")
  # Only the export table: from its header to the next blank line.
  string(REGEX MATCH "\\[Ordinal/Name Pointer\\] Table[^\n]*\n([^\n]+\n)*" _listing "${_listing}")
endif()
string(REGEX MATCHALL "[^\n]*[Bb][Ee][Nn][Cc][Hh][^\n]*" _found "${_listing}")
if(_found)
  list(JOIN _found "\n  " _lines)
  message(FATAL_ERROR "${LIBRARY} exports benchmark symbols (they belong in jni/bench's own library):\n  ${_lines}")
endif()
