export const KCR_VERSION = "0.1.0";
