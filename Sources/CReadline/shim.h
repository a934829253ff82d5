/* GNU readline for the sfn REPL (the executable only; the libraries never link it). */
#include <stdio.h>   /* readline.h uses FILE without including stdio.h */
#include <readline/readline.h>
#include <readline/history.h>
