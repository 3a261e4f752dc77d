# Checks a batch of generated Ruby programs without running them, in one interpreter.
#
#   ruby -W0 check.rb <manifest.json> <results.jsonl>
#
# The manifest lists {name, path, gem}. Every program is compiled to bytecode by this Ruby
# (the syntax check `ruby -c` makes, plus the compile-time errors it leaves to run time).
# When gem names an installed aws-sdk-<service> gem, the program's names are then checked
# against that gem's own API model (Aws::<Service>::ClientApi::API, the model the client's
# methods and parameter validation are generated from):
#   - every require 'name' is a file this Ruby can load;
#   - the Aws::<Service>::Client the program constructs exists;
#   - every client.<method>(...) is one of the client's operations (or another public
#     method of the client class, such as wait_until);
#   - every key of its parameter hash, at any depth, is a member of the input structure
#     there, and a literal value has the kind its shape takes (a string is not an integer);
#   - response.<member> on a variable assigned from client.<operation>(...) is a member of
#     that operation's output (or a method of the response object).
# One JSON line per program: {"name": ..., "errors": [{"line", "column", "message"}]}.
require 'json'
require 'ripper'

LOADED = {} # gem -> the reason it cannot be loaded, or nil

def load_gem(gem)
  return LOADED[gem] if LOADED.key?(gem)

  LOADED[gem] = begin
    require gem
    nil
  rescue LoadError => e
    "the #{gem} gem cannot be loaded: #{e.message}"
  end
end

def syntax_errors(source, path)
  RubyVM::InstructionSequence.compile(source, path)
  []
rescue SyntaxError => e
  found = e.message.each_line.filter_map do |text|
    match = /\A#{Regexp.escape(path)}:(\d+): (.*)\z/.match(text.chomp)
    match && { 'line' => match[1].to_i, 'column' => 1, 'message' => match[2] }
  end
  found.empty? ? [{ 'line' => 1, 'column' => 1, 'message' => e.message.lines.first.to_s.strip }] : found
end

def identifier(node, *types)
  node.is_a?(Array) && types.include?(node[0]) && node[1].is_a?(Array) && node[1][0] == :@ident ? node[1][1] : nil
end

# Checks one program's names against the API model of the service module it constructs a client of.
class NameCheck
  attr_reader :errors

  def initialize(source, gem)
    @source = source
    @gem = gem
    @errors = []
    @results = {} # variable -> output ShapeRef of the operation whose response it holds
    @module = nil
  end

  def run
    tree = Ripper.sexp(@source)
    walk(tree) if tree
    @errors
  end

  private

  def error(position, message)
    line, column = position || [1, 0]
    @errors << { 'line' => line, 'column' => column + 1, 'message' => message }
  end

  def api
    @module && @module::ClientApi::API
  end

  def label
    version = @module&.const_defined?(:GEM_VERSION, false) ? @module::GEM_VERSION : nil
    version ? "#{@gem} #{version}" : @gem
  end

  # Walks the tree in source order; returns the output ShapeRef when node is a client call.
  def walk(node)
    return nil unless node.is_a?(Array)

    case node[0]
    when :command
      required(node) if node[1] == [:@ident, 'require', node[1][2]]
    when :const_path_ref
      client_class(node)
    when :assign
      name = identifier(node[1], :var_field)
      if name
        @results.delete(name)
        output = walk(node[2])
        @results[name] = output if output
        return nil
      end
    when :method_add_arg, :call, :command_call
      call, method, args = split_call(node)
      if call && %w[client].include?(identifier(call[1], :vcall, :var_ref)) && api
        args.each { |arg| walk(arg) }
        return client_call(method, args)
      end
      response_member(node) if node[0] == :call
    end
    node.each { |child| walk(child) }
    nil
  end

  # require 'name': a file this Ruby can load (the gem's own name, 'json').
  def required(node)
    literal = arguments(node[2]).first
    return unless literal.is_a?(Array) && literal[0] == :string_literal

    parts = literal[1].is_a?(Array) && literal[1][0] == :string_content ? literal[1][1..] : []
    return unless parts.length == 1 && parts[0][0] == :@tstring_content

    name, position = parts[0][1], parts[0][2]
    error(position, "cannot load such file -- #{name} (the gem is #{@gem})") unless $LOAD_PATH.resolve_feature_path(name)
  end

  # Aws::<Service>::Client: the service module must exist in the gem.
  def client_class(node)
    inner, last = node[1], node[2]
    return unless last.is_a?(Array) && last[1] == 'Client'
    return unless inner.is_a?(Array) && inner[0] == :const_path_ref && inner[1] == [:var_ref, inner[1][1]]
    return unless inner[1][1].is_a?(Array) && inner[1][1][1] == 'Aws'

    name = inner[2][1]
    mod = Aws.const_defined?(name, false) ? Aws.const_get(name, false) : nil
    if mod.is_a?(Module) && mod.const_defined?(:ClientApi, false)
      @module = mod
    else
      error(inner[2][2], "#{@gem} defines no Aws::#{name}::Client")
    end
  end

  # [call, method ident, argument nodes] of a method call, or nil.
  def split_call(node)
    case node[0]
    when :method_add_arg
      node[1].is_a?(Array) && node[1][0] == :call ? [node[1], node[1][3], arguments(node[2])] : nil
    when :command_call then [node, node[3], arguments(node[4])]
    when :call then [node, node[3], []]
    end
  end

  def client_call(method, args)
    return nil unless method.is_a?(Array) && method[0] == :@ident

    name = method[1].to_sym
    unless api.operation_names.include?(name)
      unless @module::Client.public_method_defined?(name)
        error(method[2], "Aws::#{@module.name.split('::').last}::Client of #{label} has no operation #{name}")
      end
      return nil
    end
    operation = api.operation(name)
    hashes = args.select { |a| %i[bare_assoc_hash hash].include?(a[0]) }
    if operation.input.nil?
      error(position_of(hashes.first), "#{name} takes no parameters (#{label})") unless hashes.empty?
    else
      hashes.each { |hash| check_value(hash, operation.input, name.to_s) }
    end
    operation.output
  end

  def arguments(node)
    return [] unless node.is_a?(Array)

    node = node[1] if node[0] == :arg_paren
    return [] unless node.is_a?(Array)

    node = node[1] if node[0] == :args_add_block
    node.is_a?(Array) && node.all? { |a| a.is_a?(Array) } ? node : []
  end

  def assocs(node)
    found = case node[0]
            when :bare_assoc_hash then node[1] || []
            when :hash then node[1] ? node[1][1] || [] : []
            else []
            end
    found.select { |assoc| assoc.is_a?(Array) && assoc[0] == :assoc_new }
  end

  def key_name(key)
    case key[0]
    when :@label then [key[1].chomp(':'), key[2]]
    when :symbol_literal then [key.dig(1, 1, 1), key.dig(1, 1, 2)]
    when :dyna_symbol, :string_literal
      parts = key[1].is_a?(Array) && key[1][0] == :string_content ? key[1][1..] : key[1]
      text = parts.is_a?(Array) && parts.length == 1 && parts[0][0] == :@tstring_content ? parts[0][1] : nil
      [text, parts.is_a?(Array) && parts[0].is_a?(Array) ? parts[0][2] : nil]
    else [nil, nil]
    end
  end

  def check_value(node, ref, where)
    shape = ref.shape
    kind = literal_kind(node)
    return if kind.nil?

    expected = expected_kind(shape)
    if expected && kind != expected && !(kind == :integer && expected == :float)
      error(position_of(node), "#{where} takes #{describe(expected)} (#{shape_name(ref)} of #{label}), " \
                               "not #{describe(kind)}")
      return
    end
    case kind
    when :hash
      if shape.is_a?(Seahorse::Model::Shapes::MapShape)
        assocs(node).each { |assoc| check_value(assoc[2], shape.value, "#{where}[…]") }
      else
        assocs(node).each do |assoc|
          name, position = key_name(assoc[1])
          next if name.nil?

          if shape.member?(name.to_sym)
            check_value(assoc[2], shape.member(name.to_sym), "#{where}.#{name}")
          else
            known = shape.member_names.map(&:to_s).sort.join(', ')
            error(position, "#{where} has no parameter #{name} (#{shape_name(ref)} of #{label} has: #{known})")
          end
        end
      end
    when :array
      items = node[1].is_a?(Array) && node[1].all? { |item| item.is_a?(Array) } ? node[1] : []
      items.each { |item| check_value(item, shape.member, "#{where}[]") } if shape.respond_to?(:member)
    end
  end

  def shape_name(ref)
    ref.shape.name || ref.shape.class.name.split('::').last
  end

  def literal_kind(node)
    return nil unless node.is_a?(Array)

    case node[0]
    when :bare_assoc_hash, :hash then :hash
    when :array then :array
    when :string_literal, :@tstring_content then :string
    when :@int then :integer
    when :@float then :float
    when :var_ref
      kw = node[1]
      kw.is_a?(Array) && kw[0] == :@kw && %w[true false].include?(kw[1]) ? :boolean : nil
    end
  end

  def expected_kind(shape)
    s = Seahorse::Model::Shapes
    case shape
    when s::StructureShape, s::MapShape then :hash
    when s::ListShape then :array
    when s::StringShape then :string
    when s::IntegerShape then :integer
    when s::FloatShape then :float
    when s::BooleanShape then :boolean
    end # blobs and timestamps take several kinds of value
  end

  def describe(kind)
    { hash: 'a hash', array: 'an array', string: 'a string', integer: 'an integer', float: 'a number',
      boolean: 'true or false' }.fetch(kind)
  end

  def position_of(node)
    return nil unless node.is_a?(Array)
    return node[2] if node[0].is_a?(Symbol) && node[0].to_s.start_with?('@') && node[2].is_a?(Array)

    node.each do |child|
      found = position_of(child)
      return found if found
    end
    nil
  end

  # response.<member> where response holds an operation's output.
  def response_member(node)
    variable, member = identifier(node[1], :var_ref, :vcall), node[3]
    return unless variable && member.is_a?(Array) && member[0] == :@ident

    output = @results[variable]
    return if output.nil?

    name = member[1]
    shape = output.shape
    return if shape.member?(name.to_sym) || Seahorse::Client::Response.public_method_defined?(name) ||
              Struct.public_method_defined?(name)

    error(member[2], "#{variable} has no member #{name} (#{shape_name(output)} of #{label} has: " \
                     "#{shape.member_names.map(&:to_s).sort.join(', ')})")
  end
end

manifest = JSON.parse(File.read(ARGV[0], encoding: 'UTF-8'))
File.open(ARGV[1], 'w') do |out|
  manifest.each do |item|
    source = File.read(item['path'], encoding: 'UTF-8')
    errors = syntax_errors(source, item['path'])
    if errors.empty? && item['gem']
      problem = load_gem(item['gem'])
      errors = problem ? [{ 'line' => 1, 'column' => 1, 'message' => problem }] : NameCheck.new(source, item['gem']).run
    end
    out.puts(JSON.generate({ 'name' => item['name'], 'errors' => errors }))
    out.flush
  end
end
