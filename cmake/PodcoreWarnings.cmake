# podcore_target_warnings(<target>): the warning set every target of ours uses.
function(podcore_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow
                                           -Wnon-virtual-dtor -Wformat=2)
endfunction()
