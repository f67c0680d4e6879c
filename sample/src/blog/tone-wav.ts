const FREQUENCY = 440;

/**
 * `seconds` of a 440 Hz sine tone as a WAV file: 16-bit mono PCM at `rate` samples a second
 * (8 kHz, 16,000 bytes a second after the 44-byte header, by default). Computed, not random, so
 * every instance makes the same bytes. The client tests make their longer media with it too.
 */
export function toneWav(seconds: number, rate = 8_000): Buffer {
  const samples = Math.round(rate * seconds);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * FREQUENCY * i) / rate)), 44 + i * 2);
  return wav;
}
