/* convmap explorer: filled in by the explorer issue. */
