# Runs a batch of Ruby programs in this one interpreter, one after the other.
#
# Usage: ruby harness.rb MANIFEST RESULTS [OUTPUT LIMIT IN BYTES [COMPILE CACHE FOLDER]]
#
# MANIFEST is a JSON list of {"name", "path", "dir", "access_key"}. aws-sdk-core is
# loaded once (each program requires its service's gem), with the library files compiled
# through compile_cache.rb when a cache folder is given (programs are never cached). Then,
# for each program: the environment is the one the interpreter started with plus the
# program's own AWS_ACCESS_KEY_ID (the SDK reads it whenever a client is created), ARGV is
# empty as for a program run on its own, $stdout and $stderr become the program's own
# buffers, and the file is loaded with load(path, true), so its top-level names stay out of
# the next program's way. exit, abort and exceptions end only that program. RESULTS gets
# one JSON line per event, flushed at once: {"start": name} before a program, then its
# result; if a program ends the interpreter (exit!), the caller knows which one did it.

require 'json'
require 'stringio'

# Top-level locals, which the programs' files cannot see.
manifest_path, results_path, output_limit, compile_cache = ARGV.shift(4)
ARGV.clear
manifest = JSON.parse(File.read(manifest_path, encoding: 'UTF-8'))
if compile_cache && !compile_cache.empty?
  require_relative 'compile_cache'
  PolysnipCompileCache.start(compile_cache, manifest.map { |item| item.fetch('dir') })
end
require 'aws-sdk-core'
environment = ENV.to_h.freeze

# Keeps the first limit bytes a program prints and drops the rest (puts and print call write).
class CappedIO < StringIO
  class << self
    attr_accessor :limit
  end

  def write(*parts)
    text = parts.join
    room = CappedIO.limit - string.bytesize
    super(text.byteslice(0, room)) if room.positive?
    text.bytesize
  end
end
CappedIO.limit = (output_limit || 4_000_000).to_i

def program_line(error, path)
  if error.is_a?(SyntaxError)
    match = error.message.match(/^#{Regexp.escape(path)}:(\d+):/)
    return match[1].to_i if match
  end
  (error.backtrace_locations || []).each do |location|
    return location.lineno if location.absolute_path == path || location.path == path
  end
  (error.backtrace || []).each do |entry|
    match = entry.match(/\A#{Regexp.escape(path)}:(\d+)/)
    return match[1].to_i if match
  end
  nil
end

def run_program(item, environment)
  path = item.fetch('path')
  ENV.replace(environment) unless ENV.to_h == environment # nothing an earlier program set or removed reaches this one
  ENV['AWS_ACCESS_KEY_ID'] = item.fetch('access_key')
  ARGV.clear
  out = CappedIO.new
  err = CappedIO.new
  code = 0
  line = nil
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  saved_out = $stdout
  saved_err = $stderr
  $stdout = out
  $stderr = err
  begin
    Dir.chdir(item.fetch('dir')) { load(path, true) }
  rescue SystemExit => e
    code = e.status
    line = program_line(e, path) unless code.zero?
  rescue Exception => e # rubocop:disable Lint/RescueException -- a program's failure must not end the batch
    code = 1
    line = program_line(e, path)
    err.puts(e.full_message(highlight: false, order: :top))
    # The last line is what a reader needs first: where, what, which exception.
    message = e.message.to_s.sub(/\A#{Regexp.escape(path)}:\d+: /, '').lines.first.to_s.strip
    err.puts("#{File.basename(path)}#{line ? ":#{line}" : ''}: #{message} (#{e.class})")
  ensure
    $stdout = saved_out
    $stderr = saved_err
  end
  finished = Process.clock_gettime(Process::CLOCK_MONOTONIC) # the caller's time.monotonic() clock
  {
    'name' => item.fetch('name'), 'exit_code' => code, 'stdout' => out.string, 'stderr' => err.string,
    'duration' => finished - started, 'error_line' => line, 'started' => started, 'finished' => finished
  }
end

File.open(results_path, 'a:UTF-8') do |results|
  results.sync = true
  manifest.each do |item|
    results.puts(JSON.generate('start' => item.fetch('name')))
    result = run_program(item, environment)
    result.each_value { |value| value.force_encoding('UTF-8').scrub! if value.is_a?(String) }
    results.puts(JSON.generate(result))
  end
end
