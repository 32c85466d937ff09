/* The part of the PocketSphinx 5prealpha and SphinxBase C API that readmaster uses,
 * declared here (signatures as in the Debian headers) instead of included: the
 * package's pkg-config file also links libsphinxad, which nothing here calls and which
 * drags ~20 audio, X11 and D-Bus libraries into every start of the program. */
#ifndef READMASTER_POCKETSPHINX_SHIM_H
#define READMASTER_POCKETSPHINX_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct ps_decoder_s ps_decoder_t;
typedef struct ps_seg_s ps_seg_t;
typedef struct cmd_ln_s cmd_ln_t;
typedef struct arg_s arg_t;
typedef struct logmath_s logmath_t;
typedef struct ngram_model_s ngram_model_t;
typedef struct fe_s fe_t;
typedef float mfcc_t;
typedef enum ngram_file_type_e {
    NGRAM_INVALID = -1,
    NGRAM_AUTO,
    NGRAM_ARPA,
    NGRAM_BIN
} ngram_file_type_t;

/* pocketsphinx.h */
arg_t const *ps_args(void);
ps_decoder_t *ps_init(cmd_ln_t *config);
int ps_free(ps_decoder_t *ps);
int ps_load_dict(ps_decoder_t *ps, char const *dictfile, char const *fdictfile, char const *format);
logmath_t *ps_get_logmath(ps_decoder_t *ps);
int ps_start_stream(ps_decoder_t *ps);
int ps_start_utt(ps_decoder_t *ps);
int ps_process_raw(ps_decoder_t *ps, int16_t const *data, size_t n_samples, int no_search, int full_utt);
int ps_process_cep(ps_decoder_t *ps, mfcc_t **data, int n_frames, int no_search, int full_utt);
fe_t *ps_get_fe(ps_decoder_t *ps);
int ps_end_utt(ps_decoder_t *ps);
ps_seg_t *ps_seg_iter(ps_decoder_t *ps);
ps_seg_t *ps_seg_next(ps_seg_t *seg);
char const *ps_seg_word(ps_seg_t *seg);
void ps_seg_frames(ps_seg_t *seg, int *out_sf, int *out_ef);
int32_t ps_seg_prob(ps_seg_t *seg, int32_t *out_ascr, int32_t *out_lscr, int32_t *out_lback);

/* ps_search.h */
int ps_set_search(ps_decoder_t *ps, const char *name);
int ps_set_lm_file(ps_decoder_t *ps, const char *name, const char *path);
int ps_set_jsgf_string(ps_decoder_t *ps, const char *name, const char *jsgf_string);
int ps_set_allphone_file(ps_decoder_t *ps, const char *name, const char *path);

/* sphinxbase: fe.h (single precision build: FIXED_POINT is not defined) */
void fe_start_stream(fe_t *fe);
int fe_start_utt(fe_t *fe);
int fe_get_output_size(fe_t *fe);
int fe_process_frames(fe_t *fe, int16_t const **inout_spch, size_t *inout_nsamps, mfcc_t **buf_cep, int32_t *inout_nframes, int32_t *out_frameidx);
int fe_end_utt(fe_t *fe, mfcc_t *out_cepvector, int32_t *out_nframes);

/* sphinxbase: cmd_ln.h, logmath.h, err.h, ngram_model.h */
cmd_ln_t *cmd_ln_parse_r(cmd_ln_t *inout_cmdln, arg_t const *defn, int32_t argc, char *argv[], int32_t strict);
int cmd_ln_free_r(cmd_ln_t *cmdln);
void cmd_ln_set_float_r(cmd_ln_t *cmdln, char const *name, double fv);
logmath_t *logmath_init(double base, int shift, int use_table);
int logmath_free(logmath_t *lmath);
double logmath_exp(logmath_t *lmath, int logb_p);
int logmath_log(logmath_t *lmath, double p);
void err_set_logfp(FILE *stream);
ngram_model_t *ngram_model_read(cmd_ln_t *config, const char *file_name, ngram_file_type_t file_type, logmath_t *lmath);
int ngram_model_free(ngram_model_t *model);
uint32_t const *ngram_model_get_counts(ngram_model_t *model);
const char *ngram_word(ngram_model_t *model, int32_t wid);
int32_t ngram_ng_score(ngram_model_t *model, int32_t wid, int32_t *history, int32_t n_hist, int32_t *n_used);
#endif
