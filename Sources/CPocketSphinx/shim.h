#include <pocketsphinx.h>
#include <ngram_model.h>
#include <logmath.h>
#include <cmd_ln.h>
#include <sphinxbase/err.h>
