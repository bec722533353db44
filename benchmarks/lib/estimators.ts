/**
 * Registers the estimators the benchmarks use (side-effect imports). Passed to
 * PiscinaExecutor `modules` as well, so pool threads have them whether or not
 * the package's estimator barrel registers them already (registering twice is harmless).
 */
import '../../src/estimators/forest/index.js';
import '../../src/estimators/svc.js';
