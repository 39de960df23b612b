/** Help of `--cycle` for the commands that analyse chosen cycles (windows, dqdv, dvdq). */
export const CYCLES_HELP = 'cycles as the file numbers them: all, 3, 2-5, first, last, 2-last or 1,3,7-9';
