# Verification floor (Ruby): the KMS spec's six calls, made directly with aws-sdk-kms in
# one interpreter, against the bench's moto server, on the key in POLYSNIP_KEY_ID.
# Debian's aws-sdk-core ignores AWS_ENDPOINT_URL, so the endpoint is passed as the Ruby
# runner's prepare() passes it to the generated programs.
require 'aws-sdk-kms'
require 'json'

key_id = ENV.fetch('POLYSNIP_KEY_ID')
policy_document = {
  'Version' => '2012-10-17',
  'Id' => 'key-default-1',
  'Statement' => [
    {
      'Sid' => 'Enable IAM User Permissions',
      'Effect' => 'Allow',
      'Principal' => { 'AWS' => 'arn:aws:iam::111122223333:root' },
      'Action' => 'kms:*',
      'Resource' => '*'
    },
    {
      'Sid' => 'Allow Use of Key',
      'Effect' => 'Allow',
      'Principal' => { 'AWS' => 'arn:aws:iam::111122223333:user/test-user' },
      'Action' => ['kms:DescribeKey', 'kms:ListKeys'],
      'Resource' => '*'
    }
  ]
}
statement = {
  'Sid' => 'Allow access for ExampleUser',
  'Effect' => 'Allow',
  'Principal' => { 'AWS' => 'arn:aws:iam::111122223333:user/ExampleUser' },
  'Action' => ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:Decrypt', 'kms:DescribeKey', 'kms:ReEncrypt*'],
  'Resource' => '*'
}

client = Aws::KMS::Client.new(region: 'us-west-2', endpoint: ENV.fetch('AWS_ENDPOINT_URL'))
# list-key-policies, get-key-policy, put-key-policy
puts client.list_key_policies(key_id: key_id).policy_names.inspect
puts client.get_key_policy(key_id: key_id, policy_name: 'default').policy
client.put_key_policy(key_id: key_id, policy_name: 'default', policy: JSON.generate(policy_document))
# modify-key-policy: get, edit, put, get
policy = JSON.parse(client.get_key_policy(key_id: key_id, policy_name: 'default').policy)
policy['Statement'] << statement
client.put_key_policy(key_id: key_id, policy_name: 'default', policy: JSON.generate(policy))
puts client.get_key_policy(key_id: key_id, policy_name: 'default').policy
