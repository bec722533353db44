// msgpackr loads this optional native extension in a try/catch and falls back to JavaScript when it throws.
throw new Error('msgpackr-extract is disabled in hyperfold (see package.json "overrides")');
