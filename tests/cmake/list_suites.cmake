# Writes a CTest file with one test per GoogleTest suite of a test binary
# (cmake -P; run after each link of the binary, see tests/CMakeLists.txt).
#
# Why per suite and not per test (gtest_discover_tests): a suite's shared
# fixture (SetUpTestSuite: a simulated and stored bundled run, a built lever
# database) is built once per process. Run per test, a suite of twelve built
# it twelve times; per suite it is built once (issue 15 item 7).
#
# Tests whose name contains "Slow" stay one CTest test each, labelled slow,
# as before. Suites matching an INTEGRATION or HEAVY pattern get that label.
#
# In: EXE, OUT, WORKDIR, LABELS_FILE (sets PLANWISE_INTEGRATION_SUITES and
# PLANWISE_HEAVY_SUITES: lists of regular expressions matched against the
# whole suite name).
include("${LABELS_FILE}")

execute_process(COMMAND "${EXE}" --gtest_list_tests
                OUTPUT_VARIABLE listing RESULT_VARIABLE rc TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --gtest_list_tests failed (${rc}):\n${listing}")
endif()

# One list entry per line; a parameter comment may hold ';' or brackets.
string(REGEX REPLACE "[;\\[\\]]" "_" listing "${listing}")
string(REPLACE "\n" ";" lines "${listing}")

set(suites "")
foreach(line IN LISTS lines)
  if(line MATCHES "^([^ ]+)\\.")          # "Suite." (any "  # TypeParam" after it)
    set(suite "${CMAKE_MATCH_1}")
    list(APPEND suites "${suite}")
    set("tests_of_${suite}" "")
  elseif(line MATCHES "^  ([^ ]+)")      # "  Test" (any "  # GetParam()" after it)
    list(APPEND "tests_of_${suite}" "${CMAKE_MATCH_1}")
  endif()
endforeach()

function(label_of suite out)
  set(label "")
  foreach(pattern IN LISTS PLANWISE_INTEGRATION_SUITES)
    if(suite MATCHES "^(${pattern})$")
      set(label "integration")
    endif()
  endforeach()
  foreach(pattern IN LISTS PLANWISE_HEAVY_SUITES)
    if(suite MATCHES "^(${pattern})$")
      list(APPEND label "heavy")
    endif()
  endforeach()
  set(${out} "${label}" PARENT_SCOPE)
endfunction()

set(script "")
set(count 0)
foreach(suite IN LISTS suites)
  label_of("${suite}" labels)
  string(REPLACE ";" "\\;" labels_escaped "${labels}")
  set(fast_tests 0)
  foreach(test IN LISTS "tests_of_${suite}")
    if("${suite}.${test}" MATCHES "Slow")
      set(name "${suite}.${test}")
      set(slow_labels "slow")
      if(labels)
        set(slow_labels "slow\\;${labels_escaped}")
      endif()
      string(APPEND script
             "add_test([==[${name}]==] \"${EXE}\" [==[--gtest_filter=${name}]==])\n"
             "set_tests_properties([==[${name}]==] PROPERTIES WORKING_DIRECTORY \"${WORKDIR}\""
             " TIMEOUT 900 LABELS \"${slow_labels}\")\n")
      math(EXPR count "${count} + 1")
    else()
      math(EXPR fast_tests "${fast_tests} + 1")
    endif()
  endforeach()
  if(fast_tests GREATER 0)
    string(APPEND script
           "add_test([==[${suite}]==] \"${EXE}\" [==[--gtest_filter=${suite}.*-*Slow*]==])\n"
           "set_tests_properties([==[${suite}]==] PROPERTIES WORKING_DIRECTORY \"${WORKDIR}\""
           " TIMEOUT 900")
    if(labels)
      string(APPEND script " LABELS \"${labels_escaped}\"")
    endif()
    string(APPEND script ")\n")
    math(EXPR count "${count} + 1")
  endif()
endforeach()

file(WRITE "${OUT}" "# Written by tests/cmake/list_suites.cmake: ${count} tests.\n${script}")
