# Checks that the GUI runs its background work one way: only ui/JobRunner.{h,cpp} may use
# QtConcurrent, QFutureWatcher or a blocking waitForFinished(); every other file of ui/ goes
# through JobRunner (docs/architecture.md, "Threads").
#   cmake -DUI=<ui folder> -P cmake/CheckUiJobs.cmake
# Prints one line per use ("PlanJob.cpp: uses QtConcurrent; run it through JobRunner") and fails
# when there is any.
cmake_minimum_required(VERSION 3.25)
if(NOT UI)
  message(FATAL_ERROR "CheckUiJobs: give -DUI=<ui folder>")
endif()
get_filename_component(UI ${UI} ABSOLUTE)
file(GLOB_RECURSE files RELATIVE ${UI} ${UI}/*.h ${UI}/*.cpp)
set(errors "")
foreach(f ${files})
  get_filename_component(name ${f} NAME_WE)
  if(name STREQUAL "JobRunner")
    continue()
  endif()
  file(STRINGS ${UI}/${f} lines REGEX "QtConcurrent|QFutureWatcher|waitForFinished")
  foreach(line ${lines})
    string(REGEX MATCH "QtConcurrent|QFutureWatcher|waitForFinished" what "${line}")
    string(APPEND errors "${f}: uses ${what}; run it through JobRunner\n")
  endforeach()
endforeach()
if(errors)
  message("${errors}")
  message(FATAL_ERROR "ui/ runs background work outside JobRunner (above)")
endif()
message(STATUS "ui/ runs its background work through JobRunner (${UI})")
