package nanodiffusion.config;

/** The forward SDE (score_sde's sde_lib): vp (the seed's), subvp (sub-VP) or ve (variance exploding). */
public enum SdeKind implements ConfigChoice {
    VP, SUBVP, VE
}
