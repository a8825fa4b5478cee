import { parseStartOptions } from '../../local/start';

describe('parseStartOptions', () => {
  test('defaults', () => {
    expect(parseStartOptions([], {})).toEqual({ port: 3000, emulatorPort: 3001, host: '127.0.0.1' });
  });

  test('flags with separate and inline values', () => {
    expect(parseStartOptions(['--port', '8080', '--emulator-port=8081', '--host=::1'], {})).toEqual({
      port: 8080,
      emulatorPort: 8081,
      host: '::1',
    });
  });

  test('environment variables below flags', () => {
    const env = { PORT: '4000', EMULATOR_PORT: '4001', HOST: '127.0.0.2' };
    expect(parseStartOptions(['--port', '5000'], env)).toEqual({ port: 5000, emulatorPort: 4001, host: '127.0.0.2' });
  });

  test('help returns no options', () => {
    expect(parseStartOptions(['--help'], {})).toBeUndefined();
    expect(parseStartOptions(['-h'], {})).toBeUndefined();
  });

  test.each([
    [['--port', 'abc'], {}, '--port must be an integer from 0 to 65535 (received "abc")'],
    [['--port=70000'], {}, '--port must be an integer from 0 to 65535 (received "70000")'],
    [[], { EMULATOR_PORT: '1.5' }, '--emulator-port must be an integer from 0 to 65535 (received "1.5")'],
    [['--port'], {}, 'option --port needs a value'],
    [['--verbose'], {}, 'unknown option "--verbose"; the options are --port, --emulator-port and --host (see --help)'],
  ])('rejects %j %j', (argv, env, message) => {
    expect(() => parseStartOptions(argv, env)).toThrow(message);
  });
});
