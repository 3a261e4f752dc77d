# frozen_string_literal: true

# A compile cache for the library files a batch loads (aws-sdk-core, the service gems, the
# standard library), as the load_iseq hook of RubyVM::InstructionSequence: Ruby asks it for
# every file it requires or loads, and compiles the file itself when the answer is nil.
#
# An entry is the instruction sequence RubyVM::InstructionSequence.compile_file makes of a
# file, stored with to_binary under the SHA-256 of everything that can change it: the
# file's bytes, its path and real path (both are recorded in the sequence), this Ruby's
# version, revision and platform, and the compile options. Entries are written to a
# temporary name and renamed, so two processes filling the cache at once do not see half
# an entry. Files under the folders given to start (the programs' own folders) are never
# cached: a program is always compiled from its text. Anything unexpected (a file that
# does not compile, an entry that does not load, a folder that cannot be written) makes
# the hook answer nil, and Ruby does what it would have done without it.
#
# One difference remains visible: the top-level frame of a cached file is labelled <main>
# in a backtrace, where Ruby's own compilation of a required file says <top (required)>.
# It shows only in a backtrace through the top level of a library file while it loads.

require 'digest/sha2'

module PolysnipCompileCache
  class << self
    def start(folder, uncached)
      Dir.mkdir(folder) unless Dir.exist?(folder)
      @folder = folder
      @uncached = uncached.flat_map { |dir| [File.expand_path(dir), real(dir)].uniq.map { |d| File.join(d, '') } }
      options = RubyVM::InstructionSequence.compile_option.sort_by { |name, _| name.to_s }
      @salt = [RUBY_VERSION, RUBY_PATCHLEVEL, RUBY_REVISION, RUBY_PLATFORM, options.inspect].join("\0")
      hook = self
      RubyVM::InstructionSequence.define_singleton_method(:load_iseq) { |path| hook.fetch(path) }
    rescue SystemCallError
      nil # no cache: every file is compiled as usual
    end

    def fetch(path)
      return nil if @uncached.any? { |dir| path.start_with?(dir) }

      key = Digest::SHA256.hexdigest([@salt, path, File.realpath(path), File.binread(path)].join("\0"))
      entry = File.join(@folder, key)
      begin
        return RubyVM::InstructionSequence.load_from_binary(File.binread(entry))
      rescue StandardError
        nil # not there yet (or unreadable): compile it
      end
      iseq = RubyVM::InstructionSequence.compile_file(path)
      keep(entry, iseq.to_binary)
      iseq
    rescue StandardError, ScriptError
      nil
    end

    private

    def real(dir)
      File.realpath(dir)
    rescue SystemCallError
      File.expand_path(dir)
    end

    def keep(entry, binary)
      partial = "#{entry}.#{Process.pid}.#{rand(1 << 30)}.partial"
      File.binwrite(partial, binary)
      File.rename(partial, entry)
    rescue SystemCallError
      begin
        File.unlink(partial)
      rescue SystemCallError
        nil
      end
    end
  end
end
