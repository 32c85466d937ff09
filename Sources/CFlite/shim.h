#include <flite/flite.h>
#include <flite/cst_lexicon.h>
/* Declared in flite's lang/cmulex/cmu_lex.h, which Debian does not install. */
cst_lexicon *cmu_lex_init(void);
