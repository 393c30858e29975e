/** tau's release version, printed by `tau --version`. */
export const VERSION = "0.1.0";
