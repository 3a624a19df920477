// One line per event on stdout/stderr, prefixed with the worker id (several workers often share one terminal).
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export function createLogger(worker: string, level: (typeof LEVELS)[number]): Logger {
  const min = LEVELS.indexOf(level);
  const line = (at: (typeof LEVELS)[number], message: string) => {
    if (LEVELS.indexOf(at) < min) return;
    const text = `${new Date().toISOString()} ${worker} ${at} ${message}`;
    if (at === 'error' || at === 'warn') console.error(text);
    else console.log(text);
  };
  return {
    debug: (message) => line('debug', message),
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    error: (message) => line('error', message),
  };
}
